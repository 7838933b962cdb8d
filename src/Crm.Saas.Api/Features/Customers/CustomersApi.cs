using Crm.Saas.Api.Features.Billing;
using Crm.Saas.Api.Features.Timeline.Contracts;
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
            .WithSummary("Create a customer.").RequireScope(Scopes.CustomersWrite).Validate<CustomerFields>().WithIdempotency<CustomerFields>().WithinPlanLimit(PlanLimits.Customers).ProducesProblem(409);
        customers.MapGet("/", ListCustomers.Handle).WithName("ListCustomers")
            .WithSummary("List customers, filtered and cursor-paginated.").RequireScope(Scopes.CustomersRead).Validate<CustomerListQuery>();
        customers.MapGet("/{id:guid}", GetCustomer.Handle).WithName("GetCustomer")
            .WithSummary("Read a customer; sends its ETag (If-None-Match gives 304).").RequireScope(Scopes.CustomersRead).Produces(304).ProducesProblem(404);
        customers.MapPatch("/{id:guid}", UpdateCustomer.Handle).WithName("UpdateCustomer")
            .WithSummary("Change a customer with a JSON Merge Patch; needs If-Match.").RequireScope(Scopes.CustomersWrite)
            .Accepts<CustomerFields>("application/merge-patch+json", "application/json")
            .Produces<CustomerResponse>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409).ProducesProblem(412).ProducesProblem(415).ProducesProblem(428);
        customers.MapDelete("/{id:guid}", DeleteCustomer.Handle).WithName("DeleteCustomer")
            .WithSummary("Delete a customer (hidden from reads, email freed); needs If-Match.").RequireScope(Scopes.CustomersWrite)
            .Produces(204).ProducesProblem(404).ProducesProblem(412).ProducesProblem(428);

        customers.MapPut("/by-external-id/{externalId}", UpsertCustomerByExternalId.Handle).WithName("UpsertCustomerByExternalId")
            .WithSummary("Create or replace the customer a partner knows by its own id (201 created, 200 replaced); If-Match optional.")
            .RequireScope(Scopes.CustomersWrite).ValidatesAfterIfMatch()
            .Produces<CustomerResponse>(201).ProducesProblem(403).Produces<CustomerResponse>().ProducesProblem(409).ProducesProblem(412);
        customers.MapPost("/batch", BatchUpsertCustomers.Handle).WithName("BatchUpsertCustomers")
            .WithSummary("Upsert up to 100 customers by external id, else email; one result per item, in order; a bad item fails alone.")
            .RequireScope(Scopes.CustomersWrite).Validate<BatchRequest>().WithIdempotency<BatchRequest>();
    }

    public static IServiceCollection AddCustomers(this IServiceCollection services)
    {
        services.AddSingleton<ITimelineSubjects, CustomerTimelineSubjects>();
        return services;
    }
}
