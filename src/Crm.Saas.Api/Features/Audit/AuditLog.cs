namespace Crm.Saas.Api.Features.Audit;

/// <summary>Builds audit entries from the request: never its body, its query string or its headers, so no secret lands here.</summary>
internal static class AuditLog
{
    public static AuditEvent Entry(HttpContext http, (string Type, Guid Id) actor, string action, string entityType, string? entityId, int statusCode, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        OccurredAt = now,
        ActorType = actor.Type,
        ActorId = actor.Id,
        Action = action,
        EntityType = entityType,
        EntityId = entityId,
        Method = http.Request.Method,
        Path = http.Request.Path.Value ?? "",
        StatusCode = statusCode,
        ClientAddress = Infrastructure.ClientAddresses.ClientAddress(http),
        RequestId = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier,
    };
}
