namespace Crm.Saas.Api.Features.Signup;

/// <summary>A business signing up: its name, the slug its address uses, and its first owner.</summary>
public sealed record SignupRequest(string CompanyName, string Slug, string OwnerEmail, string OwnerPassword);

public sealed record SignupResponse(Guid TenantId, string Slug, string AccessToken, int ExpiresIn, string RefreshToken);
