using Crm.Saas.Api.Infrastructure.Auth;
using Crm.Saas.Api.Infrastructure.Idempotency;
using Crm.Saas.Api.Infrastructure.Validation;

namespace Crm.Saas.Api.Features.Customers;

/// <summary>The customers API: the template every later feature follows.</summary>
public static class CustomersApi
{
    public static void MapCustomers(this IEndpointRouteBuilder v1)
    {
        var customers = v1.MapGroup("/customers").WithTags("Customers");

        customers.MapPost("/", CreateCustomer.Handle).WithName("CreateCustomer")
            .WithSummary("Create a customer.").RequireScope(Scopes.CustomersWrite).Validate<CustomerFields>().WithIdempotency<CustomerFields>().ProducesProblem(409);
        customers.MapGet("/", ListCustomers.Handle).WithName("ListCustomers")
            .WithSummary("List customers, filtered and cursor-paginated.").RequireScope(Scopes.CustomersRead);
        customers.MapGet("/{id:guid}", GetCustomer.Handle).WithName("GetCustomer")
            .WithSummary("Read a customer; sends its ETag (If-None-Match gives 304).").RequireScope(Scopes.CustomersRead).Produces(304).ProducesProblem(404);
        customers.MapPatch("/{id:guid}", UpdateCustomer.Handle).WithName("UpdateCustomer")
            .WithSummary("Change a customer with a JSON Merge Patch; needs If-Match.").RequireScope(Scopes.CustomersWrite)
            .Accepts<CustomerFields>("application/merge-patch+json", "application/json")
            .Produces<CustomerResponse>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(415).ProducesProblem(428);
        customers.MapDelete("/{id:guid}", DeleteCustomer.Handle).WithName("DeleteCustomer")
            .WithSummary("Delete a customer (hidden from reads, email freed); needs If-Match.").RequireScope(Scopes.CustomersWrite)
            .Produces(204).ProducesProblem(404).ProducesProblem(412).ProducesProblem(428);
    }
}
