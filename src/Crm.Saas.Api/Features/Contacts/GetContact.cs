using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Saas.Api.Features.Contacts;

internal static class GetContact
{
    public static async Task<Results<ResourceResult<ContactResponse>, StatusCodeHttpResult, ProblemHttpResult>> Handle(
        Guid customerId, Guid id, HttpRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        var contact = await ContactQueries.Live(db, customerId, id, cancellationToken);
        if (contact is null)
        {
            return ContactQueries.NotFound();
        }

        return ETags.IsNotModified(request, contact.Version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : ResourceResults.Ok(ContactResponse.From(contact), contact.Version);
    }
}
