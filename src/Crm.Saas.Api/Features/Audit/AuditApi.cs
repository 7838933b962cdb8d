using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Audit;

public static class AuditApi
{
    /// <summary>Every write under <paramref name="v1"/> is audited; the log itself is for owners and admins.</summary>
    public static void MapAudit(this RouteGroupBuilder v1)
    {
        v1.AddEndpointFilterOnWrites<AuditFilter>();
        v1.MapGet("/audit-events", ListAuditEvents.Handle).WithName("ListAuditEvents").WithTags("Audit")
            .WithSummary("The audit log of writes, newest first; filters actorId, entityType, entityId, from, to.")
            .RequireAuthorization(Policies.Admin)
            .Produces<Infrastructure.Pagination.Page<AuditEvent>>().Validate<AuditQuery>();
    }
}
