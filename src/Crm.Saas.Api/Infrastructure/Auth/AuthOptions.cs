namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>Bound from <c>Auth</c>. Without a configured key the embedded default generates one into the data folder.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "crm-saas";

    public string Audience { get; set; } = "crm-saas-api";

    /// <summary>Base64 of at least 32 random bytes (HMAC-SHA256). Keep it out of the repository.</summary>
    public string? SigningKey { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Failed sign-ins allowed per account, then per client address, within <see cref="FailedLoginWindow"/>.</summary>
    public int MaxFailedLoginsPerAccount { get; set; } = 5;

    public int MaxFailedLoginsPerAddress { get; set; } = 20;

    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(15);
}
