using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Crm.Saas.Api.Infrastructure.Pagination;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Contacts;

/// <summary>The people at an organisation customer.</summary>
public static class ContactsApi
{
    public static void MapContacts(this IEndpointRouteBuilder v1)
    {
        var contacts = v1.MapGroup("/customers/{customerId:guid}/contacts").WithTags("Contacts");

        contacts.MapPost("/", AddContact.Handle).WithName("AddContact").RequireScope(Scopes.ContactsWrite)
            .WithSummary("Add a contact to an organization customer (a person customer is a 409).")
            .Validate<ContactFields>().WithIdempotency<ContactFields>().ProducesProblem(404).ProducesProblem(409);
        contacts.MapGet("/", ListContacts.Handle).WithName("ListContacts").RequireScope(Scopes.ContactsRead)
            .WithSummary("List a customer's contacts, cursor-paginated in the order they were added.")
            .Produces<Page<ContactResponse>>().Validate<ContactListQuery>().ProducesProblem(404);
        contacts.MapGet("/{id:guid}", GetContact.Handle).WithName("GetContact").RequireScope(Scopes.ContactsRead)
            .WithSummary("Read a contact; sends its ETag (If-None-Match gives 304).").Produces(304).ProducesProblem(404);
        contacts.MapPatch("/{id:guid}", UpdateContact.Handle).WithName("UpdateContact").RequireScope(Scopes.ContactsWrite)
            .WithSummary("Change a contact with a JSON Merge Patch; needs If-Match. isPrimary: true demotes the previous primary.")
            .Accepts<ContactFields>(MergePatch.MediaType, "application/json")
            .Produces<ContactResponse>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(415).ProducesProblem(428);
        contacts.MapDelete("/{id:guid}", RemoveContact.Handle).WithName("RemoveContact").RequireScope(Scopes.ContactsWrite)
            .WithSummary("Remove a contact (hidden from reads); needs If-Match.")
            .Produces(204).ProducesProblem(404).ProducesProblem(412).ProducesProblem(428);
    }
}
