using System.Net;
using Crm.Saas.Api.Tests.Support;

namespace Crm.Saas.Api.Tests.Customers;

/// <summary>
/// A deleted customer is gone for every endpoint that names it: each one asks CustomerQueries, so none of them can
/// still list, credit or file against a customer the others answer 404 for.
/// </summary>
public abstract class DeletedCustomerTests(CrmApp app)
{
    [Fact]
    public async Task A_deleted_customer_is_answered_as_one_that_never_existed()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", CustomersApiTests.NewCustomer())))["id"]!;
        await Expect.JsonAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{id}/loyalty"));
        await Expect.StatusAsync(HttpStatusCode.NoContent, await api.DeleteAsync($"/v1/customers/{id}", "\"1\""));

        foreach (var customer in new[] { id, Guid.NewGuid().ToString() })
        {
            await Expect.ProblemAsync(HttpStatusCode.NotFound, await api.GetAsync($"/v1/customers/{customer}/purchases"), "not-found");
            await Expect.ProblemAsync(HttpStatusCode.NotFound, await api.GetAsync($"/v1/customers/{customer}/loyalty"), "not-found");
            await Expect.ProblemAsync(HttpStatusCode.NotFound, await api.GetAsync($"/v1/customers/{customer}/loyalty/entries"), "not-found");
            await Expect.ProblemAsync(HttpStatusCode.NotFound, await api.PostAsync($"/v1/customers/{customer}/loyalty/redeem",
                new { points = 100, reason = "Gift" }, ("Idempotency-Key", Guid.NewGuid().ToString())), "not-found");
            await Expect.ProblemAsync(HttpStatusCode.NotFound, await api.PostAsync($"/v1/customers/{customer}/loyalty/adjust",
                new { points = 5, reason = "Goodwill" }, ("Idempotency-Key", Guid.NewGuid().ToString())), "not-found");
            await Expect.ValidationErrorAsync(await api.PostAsync("/v1/complaints", Complaints.ComplaintKit.NewComplaint(customer)), "customerId");
        }
    }
}

public sealed class DeletedCustomerOnSqlite(SqliteApp app) : DeletedCustomerTests(app), IClassFixture<SqliteApp>;

public sealed class DeletedCustomerOnPostgres(PostgresApp app) : DeletedCustomerTests(app), IClassFixture<PostgresApp>;
