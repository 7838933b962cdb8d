namespace Crm.Saas.Client;

[CrmSchema("SignupRequest")]
public sealed record SignupRequest
{
    public required string CompanyName { get; init; }

    /// <summary>3 to 40 of a-z, 0-9 and -.</summary>
    public required string Slug { get; init; }

    public required string OwnerEmail { get; init; }

    public required string OwnerPassword { get; init; }
}

[CrmSchema("SignupResponse")]
public sealed record SignupResponse
{
    public Guid TenantId { get; init; }

    public string Slug { get; init; } = "";

    public string AccessToken { get; init; } = "";

    public int ExpiresIn { get; init; }

    public string RefreshToken { get; init; } = "";
}

[CrmSchema("TokenRequest")]
public sealed record TokenRequest
{
    /// <summary>The tenant's slug.</summary>
    public required string Tenant { get; init; }

    public required string Email { get; init; }

    public required string Password { get; init; }
}

[CrmSchema("TokenResponse")]
public sealed record TokenResponse
{
    public string AccessToken { get; init; } = "";

    public string TokenType { get; init; } = "";

    public int ExpiresIn { get; init; }

    public string RefreshToken { get; init; } = "";

    public Guid TenantId { get; init; }
}

[CrmSchema("CreateApiKeyRequest")]
public sealed record CreateApiKeyRequest
{
    public required string Name { get; init; }

    /// <summary>Such as customers:read, purchases:write (see <see cref="Scopes"/>).</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}

[CrmSchema("CreatedApiKeyResponse")]
public sealed record CreatedApiKey
{
    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public string Prefix { get; init; } = "";

    /// <summary>The secret, in this answer only: store it now.</summary>
    public string Key { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}

[CrmSchema("ApiKeyResponse")]
public sealed record ApiKey
{
    public Guid Id { get; init; }

    public string Name { get; init; } = "";

    public string Prefix { get; init; } = "";

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>The scopes an API key may hold.</summary>
public static class Scopes
{
    public const string CustomersRead = "customers:read";
    public const string CustomersWrite = "customers:write";
    public const string ContactsRead = "contacts:read";
    public const string ContactsWrite = "contacts:write";
    public const string PurchasesRead = "purchases:read";
    public const string PurchasesWrite = "purchases:write";
    public const string InteractionsRead = "interactions:read";
    public const string InteractionsWrite = "interactions:write";
    public const string ComplaintsRead = "complaints:read";
    public const string ComplaintsWrite = "complaints:write";
    public const string LoyaltyRead = "loyalty:read";
    public const string LoyaltyWrite = "loyalty:write";
    public const string MailsRead = "mails:read";
    public const string MailsWrite = "mails:write";
    public const string CampaignsRead = "campaigns:read";
    public const string CampaignsWrite = "campaigns:write";
}
