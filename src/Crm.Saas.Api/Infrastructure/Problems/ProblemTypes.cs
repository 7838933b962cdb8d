namespace Crm.Saas.Api.Infrastructure.Problems;

/// <summary>Stable problem <c>type</c> URIs. Partners branch on these, so they never change once published.</summary>
public static class ProblemTypes
{
    public const string Base = "https://crm-saas.dev/problems/";

    public const string Validation = Base + "validation";
    public const string MalformedRequest = Base + "malformed-request";
    public const string Unauthenticated = Base + "unauthenticated";
    public const string Forbidden = Base + "forbidden";
    public const string InsufficientScope = Base + "insufficient-scope";
    public const string AmbiguousCredentials = Base + "ambiguous-credentials";
    public const string RateLimited = Base + "rate-limited";
    public const string TenantMismatch = Base + "tenant-mismatch";
    public const string TenantUnavailable = Base + "tenant-unavailable";
    public const string NotFound = Base + "not-found";
    public const string Conflict = Base + "conflict";
    public const string DuplicateEmail = Base + "duplicate-email";
    public const string DuplicateSlug = Base + "duplicate-slug";
    public const string DuplicateExternalId = Base + "duplicate-external-id";
    public const string DuplicateExternalRef = Base + "duplicate-external-ref";
    public const string RefundExceedsRemaining = Base + "refund-exceeds-remaining";
    public const string WriteConflict = Base + "write-conflict";
    public const string EmailRegistered = Base + "email-registered";
    public const string InvalidCredentials = Base + "invalid-credentials";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string PreconditionRequired = Base + "precondition-required";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string IdempotencyKeyInUse = Base + "idempotency-key-in-use";
    public const string IdempotencyKeyRequired = Base + "idempotency-key-required";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string ProvisioningFailed = Base + "provisioning-failed";
    public const string Internal = Base + "internal";
    public const string TooManyAttempts = Base + "too-many-attempts";
    public const string LastOwner = Base + "last-owner";
    public const string InvalidInvitation = Base + "invalid-invitation";
    public const string AlreadyMember = Base + "already-member";
    public const string ContactsNeedOrganization = Base + "contacts-need-organization";
    public const string InvalidUnsubscribeToken = Base + "invalid-unsubscribe-token";

    /// <summary>The type for a status when nothing more specific was given.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        428 => PreconditionRequired,
        _ when status >= 500 => Internal,
        _ => Base + status,
    };
}
