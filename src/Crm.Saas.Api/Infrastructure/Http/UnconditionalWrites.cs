namespace Crm.Saas.Api.Infrastructure.Http;

/// <summary>
/// Marks a PATCH or DELETE that does not take If-Match (such as revoking a key: nothing to overwrite, safe to
/// repeat), so that the OpenAPI document does not demand the header there.
/// </summary>
public sealed class NoIfMatchMetadata;

public static class UnconditionalWrites
{
    public static RouteHandlerBuilder WithoutIfMatch(this RouteHandlerBuilder builder) => builder.WithMetadata(new NoIfMatchMetadata());
}
