using System.Net;
using System.Net.Http.Headers;

namespace Crm.Saas.Api.Tests.Support;

/// <summary>Brings more people into a tenant the way a business does: an invitation, accepted.</summary>
public static class TeamMembers
{
    /// <summary>Invites <paramref name="email"/> with <paramref name="role"/> and accepts as a new user; returns their session.</summary>
    public static async Task<TenantSession> InviteAndAcceptAsync(this TenantSession inviter, CrmApp app, string role, string? email = null)
    {
        email ??= $"{role}-{Guid.NewGuid():N}"[..20] + "@team.example.com";
        var invitation = await Expect.JsonAsync(HttpStatusCode.Created,
            await inviter.Client.PostAsync("/v1/users/invitations", new { email, role }));
        const string password = "Harbour-lights-77";
        var tokens = await Expect.JsonAsync(HttpStatusCode.OK,
            await app.Anonymous().PostAsync("/v1/invitations/accept", new { token = (string)invitation["token"]!, password }));
        return Session(app, inviter, email, password, tokens);
    }

    public static TenantSession Session(CrmApp app, TenantSession tenant, string email, string password, System.Text.Json.Nodes.JsonObject tokens)
    {
        var client = new HttpClient { BaseAddress = app.Anonymous().Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)tokens["accessToken"]!);
        return new TenantSession(tenant.TenantId, tenant.Slug, email, password, new CrmClient(client));
    }
}
