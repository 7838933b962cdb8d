using System.Net;
using Crm.Saas.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Tests.Users;

/// <summary>Inviting people, their roles, and the rules that keep a tenant governable.</summary>
public abstract class TeamTests(CrmApp app)
{
    [Fact]
    public async Task A_new_person_accepts_an_invitation_once_and_works_in_the_tenant()
    {
        var owner = await app.Anonymous().SignUpAsync();
        var invitation = await Expect.JsonAsync(HttpStatusCode.Created,
            await owner.Client.PostAsync("/v1/users/invitations", new { email = "New.Agent@Shop.example.com", role = "agent" }));
        var token = (string)invitation["token"]!;
        Assert.StartsWith("crm_inv_", token, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(token), (string)invitation["acceptUrl"]!, StringComparison.Ordinal);

        var pending = await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync("/v1/users/invitations"));
        Assert.Single(pending["data"]!.AsArray());
        Assert.Null(pending["data"]![0]!["token"]); // the secret is shown once

        await Expect.ValidationErrorAsync(await app.Anonymous().PostAsync("/v1/invitations/accept", new { token }), "password");
        var tokens = await Expect.JsonAsync(HttpStatusCode.OK,
            await app.Anonymous().PostAsync("/v1/invitations/accept", new { token, password = "Harbour-lights-77" }));
        var agent = TeamMembers.Session(app, owner, "new.agent@shop.example.com", "Harbour-lights-77", tokens);
        await Expect.StatusAsync(HttpStatusCode.Created, await agent.Client.PostAsync("/v1/customers", Customers.CustomersApiTests.NewCustomer()));

        await Expect.ProblemAsync(HttpStatusCode.BadRequest,
            await app.Anonymous().PostAsync("/v1/invitations/accept", new { token, password = "Harbour-lights-77" }), "invalid-invitation");
        var members = await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync("/v1/users"));
        Assert.Equal(["owner", "agent"], members["data"]!.AsArray().Select(m => (string)m!["role"]!));
        Assert.Empty((await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync("/v1/users/invitations")))["data"]!.AsArray());
    }

    [Fact]
    public async Task An_existing_user_joins_a_second_tenant_and_picks_the_tenant_at_sign_in()
    {
        var first = await app.Anonymous().SignUpAsync();
        var second = await app.Anonymous().SignUpAsync();
        var invitation = await Expect.JsonAsync(HttpStatusCode.Created,
            await second.Client.PostAsync("/v1/users/invitations", new { email = first.Email, role = "admin" }));

        await Expect.StatusAsync(HttpStatusCode.OK, await app.Anonymous().PostAsync("/v1/invitations/accept", new { token = (string)invitation["token"]! }));

        foreach (var (tenant, role) in new[] { (first, "owner"), (second, "admin") })
        {
            var tokens = await Expect.JsonAsync(HttpStatusCode.OK,
                await app.Anonymous().PostAsync("/v1/auth/token", new { tenant = tenant.Slug, email = first.Email, password = first.Password }));
            Assert.Equal(tenant.TenantId.ToString(), (string)tokens["tenantId"]!);
            var session = TeamMembers.Session(app, tenant, first.Email, first.Password, tokens);
            var me = (await Expect.JsonAsync(HttpStatusCode.OK, await session.Client.GetAsync("/v1/users")))["data"]!.AsArray()
                .Single(m => (string)m!["email"]! == first.Email)!;
            Assert.Equal(role, (string)me["role"]!);
        }
    }

    [Fact]
    public async Task Expired_or_revoked_invitations_cannot_be_accepted()
    {
        var owner = await app.Anonymous().SignUpAsync();
        var expiring = await Expect.JsonAsync(HttpStatusCode.Created, await owner.Client.PostAsync("/v1/users/invitations", new { email = "late@x.example.com", role = "agent" }));
        var revoking = await Expect.JsonAsync(HttpStatusCode.Created, await owner.Client.PostAsync("/v1/users/invitations", new { email = "gone@x.example.com", role = "agent" }));
        var expiringId = Guid.Parse((string)expiring["id"]!);
        await app.WithCatalogAsync(c => c.Invitations.Where(i => i.Id == expiringId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        await Expect.StatusAsync(HttpStatusCode.NoContent, await owner.Client.DeleteAsync($"/v1/users/invitations/{revoking["id"]}", ifMatch: null));

        foreach (var invitation in new[] { expiring, revoking })
        {
            await Expect.ProblemAsync(HttpStatusCode.BadRequest,
                await app.Anonymous().PostAsync("/v1/invitations/accept", new { token = (string)invitation["token"]!, password = "Harbour-lights-77" }), "invalid-invitation");
        }
    }

    [Fact]
    public async Task Agents_manage_no_one_admins_manage_all_but_owners_and_the_last_owner_stays()
    {
        var owner = await app.Anonymous().SignUpAsync();
        var admin = await owner.InviteAndAcceptAsync(app, "admin");
        var agent = await owner.InviteAndAcceptAsync(app, "agent");
        var ids = await MemberIdsAsync(owner);

        // An agent works with customers but manages nobody and sees no audit log.
        await Expect.StatusAsync(HttpStatusCode.OK, await agent.Client.GetAsync("/v1/users"));
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await agent.Client.PostAsync("/v1/users/invitations", new { email = "x@y.example.com", role = "agent" }));
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await agent.Client.PatchAsync($"/v1/users/{ids[agent.Email]}", new { role = "admin" }, null, "application/json"));
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await agent.Client.GetAsync("/v1/audit-events"));

        // An admin manages agents and admins, but cannot create, change or remove owners.
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await admin.Client.PostAsync("/v1/users/invitations", new { email = "boss@y.example.com", role = "owner" }));
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await admin.Client.PatchAsync($"/v1/users/{ids[agent.Email]}", new { role = "owner" }, null, "application/json"));
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await admin.Client.PatchAsync($"/v1/users/{ids[owner.Email]}", new { role = "agent" }, null, "application/json"));
        await Expect.ProblemAsync(HttpStatusCode.Forbidden, await admin.Client.DeleteAsync($"/v1/users/{ids[owner.Email]}", null));
        var promoted = await Expect.JsonAsync(HttpStatusCode.OK, await admin.Client.PatchAsync($"/v1/users/{ids[agent.Email]}", new { role = "admin" }, null, "application/json"));
        Assert.Equal("admin", (string)promoted["role"]!);

        // The last owner can be neither demoted nor removed, even by themselves.
        await Expect.ProblemAsync(HttpStatusCode.Conflict, await owner.Client.PatchAsync($"/v1/users/{ids[owner.Email]}", new { role = "admin" }, null, "application/json"), "last-owner");
        await Expect.ProblemAsync(HttpStatusCode.Conflict, await owner.Client.DeleteAsync($"/v1/users/{ids[owner.Email]}", null), "last-owner");

        // With a second owner, the first may step down.
        await Expect.StatusAsync(HttpStatusCode.OK, await owner.Client.PatchAsync($"/v1/users/{ids[admin.Email]}", new { role = "owner" }, null, "application/json"));
        await Expect.StatusAsync(HttpStatusCode.OK, await owner.Client.PatchAsync($"/v1/users/{ids[owner.Email]}", new { role = "admin" }, null, "application/json"));
        var roles = (await Expect.JsonAsync(HttpStatusCode.OK, await owner.Client.GetAsync("/v1/users")))["data"]!.AsArray()
            .ToDictionary(m => (string)m!["email"]!, m => (string)m!["role"]!);
        Assert.Equal("owner", roles[admin.Email]);
        Assert.Equal("admin", roles[owner.Email]);
    }

    [Fact]
    public async Task Another_tenants_members_and_invitations_do_not_exist_here()
    {
        var a = await app.Anonymous().SignUpAsync();
        var b = await app.Anonymous().SignUpAsync();
        var aAgent = await a.InviteAndAcceptAsync(app, "agent");
        var aIds = await MemberIdsAsync(a);
        var aInvite = await Expect.JsonAsync(HttpStatusCode.Created, await a.Client.PostAsync("/v1/users/invitations", new { email = "p@a.example.com", role = "agent" }));

        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.Client.PatchAsync($"/v1/users/{aIds[aAgent.Email]}", new { role = "admin" }, null, "application/json"));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.Client.DeleteAsync($"/v1/users/{aIds[aAgent.Email]}", null));
        await Expect.ProblemAsync(HttpStatusCode.NotFound, await b.Client.DeleteAsync($"/v1/users/invitations/{aInvite["id"]}", null));
        var bMembers = await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.GetAsync("/v1/users"));
        Assert.DoesNotContain(aAgent.Email, bMembers.ToJsonString(), StringComparison.Ordinal);
        var bInvites = await Expect.JsonAsync(HttpStatusCode.OK, await b.Client.GetAsync("/v1/users/invitations"));
        Assert.Empty(bInvites["data"]!.AsArray());
        Assert.Equal(2, (await Expect.JsonAsync(HttpStatusCode.OK, await a.Client.GetAsync("/v1/users")))["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Bad_invitations_and_role_changes_are_validation_problems()
    {
        var owner = await app.Anonymous().SignUpAsync();
        await Expect.ValidationErrorAsync(await owner.Client.PostAsync("/v1/users/invitations", new { email = "nope", role = "agent" }), "email");
        await Expect.ValidationErrorAsync(await owner.Client.PostAsync("/v1/users/invitations", new { email = "a@b.example.com", role = "emperor" }), "role");
        await Expect.ValidationErrorAsync(await owner.Client.PostAsync("/v1/users/invitations", new { email = "a@b.example.com" }), "role");
        await Expect.ProblemAsync(HttpStatusCode.Conflict, await owner.Client.PostAsync("/v1/users/invitations", new { email = owner.Email, role = "agent" }), "already-member");
        var ids = await MemberIdsAsync(owner);
        await Expect.ValidationErrorAsync(await owner.Client.PatchAsync($"/v1/users/{ids[owner.Email]}", new { role = (string?)null }, null, "application/json"), "role");
        await Expect.ValidationErrorAsync(await app.Anonymous().PostAsync("/v1/invitations/accept", new { token = "x", password = "short" }), "password");
    }

    private static async Task<Dictionary<string, string>> MemberIdsAsync(TenantSession tenant) =>
        (await Expect.JsonAsync(HttpStatusCode.OK, await tenant.Client.GetAsync("/v1/users")))["data"]!.AsArray()
            .ToDictionary(m => (string)m!["email"]!, m => (string)m!["userId"]!);
}

public sealed class TeamOnSqlite(SqliteApp app) : TeamTests(app), IClassFixture<SqliteApp>;

public sealed class TeamOnPostgres(PostgresApp app) : TeamTests(app), IClassFixture<PostgresApp>;
