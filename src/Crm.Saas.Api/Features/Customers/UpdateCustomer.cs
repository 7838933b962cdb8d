using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Customers;

/// <summary>
/// PATCH as JSON Merge Patch (RFC 7396): the patch is merged onto the customer's current fields, and the result is
/// validated exactly like a new customer, so a patch can never leave a customer in a state a create would refuse.
/// </summary>
internal static class UpdateCustomer
{
    public static async Task<IResult> Handle(
        Guid id, HttpRequest request, TenantDbContext db, IValidator<CustomerFields> validator, TimeProvider clock,
        IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var customer = await CustomerQueries.LiveById(db, id, cancellationToken);
        if (customer is null)
        {
            return CustomerQueries.NotFound();
        }

        if (ETags.CheckIfMatch(request, customer.Version) is { } refused)
        {
            return refused;
        }

        var merged = await MergePatch.ReadApplyAndValidateAsync(request, CustomerFields.From(customer), json.Value.SerializerOptions, validator, cancellationToken);
        if (merged.Problem is not null)
        {
            return merged.Problem;
        }

        var fields = merged.Value!;

        if (await CustomerWrites.ConflictAsync(db, fields, customer.Id, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        CustomerWrites.Change(db, customer, fields, StoredTime.Now(clock));
        try
        {
            if (await CustomerWrites.SaveAsync(db, fields, customer.Id, cancellationToken) is { } raced)
            {
                return raced;
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            return ETags.Stale(); // someone else changed it after our If-Match check
        }

        return ResourceResults.Ok(CustomerResponse.From(customer), customer.Version);
    }
}
