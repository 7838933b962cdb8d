using Crm.Saas.Api.Features.Customers;
using System.Net;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>
/// <c>/v1/public/unsubscribe?token=…</c>, no login: <c>GET</c> shows a confirmation page (link scanners must not opt
/// people out), <c>POST</c> records the opt-out (RFC 8058 one-click, or the page's button). The token alone names
/// the tenant and the customer; a tampered or unknown one is a 400, the same for every way of being wrong, so
/// nothing can be enumerated. Repeating it changes nothing.
/// </summary>
internal static class Unsubscribe
{
    public const string Source = "unsubscribe_link";

    public static async Task<IResult> Confirm(
        string? token, UnsubscribeTokens tokens, ITenantStore tenants, TenantDatabases databases, CancellationToken cancellationToken)
    {
        if (await TargetAsync(token, tokens, tenants, cancellationToken) is not { } target)
        {
            return BadToken();
        }

        await using (var db = databases.Open(target.Tenant))
        {
            if (await CustomerQueries.ReadLiveById(db, target.CustomerId, cancellationToken) is null)
            {
                return BadToken();
            }
        }

        var name = WebUtility.HtmlEncode(target.Tenant.Name);
        var action = WebUtility.HtmlEncode($"/v1/public/unsubscribe?token={Uri.EscapeDataString(token!)}");
        return Results.Content($"""
            <!doctype html><html><head><meta charset="utf-8"><title>Unsubscribe</title></head>
            <body><h1>Unsubscribe from {name}</h1><p>You will no longer receive marketing mails from {name}.</p>
            <form method="post" action="{action}"><button type="submit">Unsubscribe</button></form></body></html>
            """, "text/html; charset=utf-8");
    }

    public static async Task<IResult> Record(
        string? token, UnsubscribeTokens tokens, ITenantStore tenants, TenantDatabases databases, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await TargetAsync(token, tokens, tenants, cancellationToken) is not { } target)
        {
            return BadToken();
        }

        await using var db = databases.Open(target.Tenant);
        var customer = await CustomerQueries.LiveById(db, target.CustomerId, cancellationToken);
        if (customer is null)
        {
            return BadToken();
        }

        if (customer.ConsentEmail || customer.ConsentEmailSource != Source)
        {
            var now = StoredTime.Now(clock);
            customer.ConsentEmail = false;
            customer.ConsentEmailSource = Source;
            customer.ConsentEmailAt = now;
            customer.Touch(now);
            Timeline.TimelineEvents.Record(db, customer.Id, now, "consent.withdrawn", "Unsubscribed from marketing mails (link in a mail).",
                "customer", customer.Id, new { channel = "email", source = Source });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // a racing request (the one-click and the button, say) recorded it first: the outcome is the same
            }
        }

        return Results.Content($"""
            <!doctype html><html><head><meta charset="utf-8"><title>Unsubscribed</title></head>
            <body><h1>You are unsubscribed</h1><p>{WebUtility.HtmlEncode(target.Tenant.Name)} will send you no more marketing mails.</p></body></html>
            """, "text/html; charset=utf-8");
    }

    private static async Task<(TenantInfo Tenant, Guid CustomerId)?> TargetAsync(
        string? token, UnsubscribeTokens tokens, ITenantStore tenants, CancellationToken cancellationToken) =>
        tokens.Read(token) is { } read && await tenants.FindByIdAsync(read.TenantId, cancellationToken) is { IsActive: true } tenant
            ? (tenant, read.CustomerId)
            : null;

    private static IResult BadToken() =>
        ApiProblems.Problem(400, ProblemTypes.InvalidUnsubscribeToken, "Invalid unsubscribe link", "This unsubscribe link is not valid.");
}
