using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Auth;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>Mail templates, mail stats, and the public unsubscribe link.</summary>
public static class MailsApi
{
    public static void MapMails(this IEndpointRouteBuilder v1)
    {
        var templates = v1.MapGroup("/mail-templates").WithTags("Mails");
        templates.MapGet("/{kind}/{lang}", TemplateEndpoints.Get).WithName("GetMailTemplate").RequireScope(Scopes.MailsRead).SendsETag()
            .WithSummary("The tenant's template for a kind (welcome, win_back) and language (en, zh-TW), else the built-in one; sends its ETag.")
            .Produces<MailTemplateResponse>().Produces(304).ProducesProblem(404);
        templates.MapPut("/{kind}/{lang}", TemplateEndpoints.Put).WithName("PutMailTemplate").RequireAuthorization(Policies.Admin)
            .WithSummary("Replace the template (admins); unknown placeholders are refused; If-Match honoured when sent.")
            .Produces<MailTemplateResponse>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(412);
        templates.MapPost("/{kind}/{lang}/preview", TemplateEndpoints.Preview).WithName("PreviewMailTemplate").RequireScope(Scopes.MailsRead)
            .WithSummary("Render the template, or a draft sent in the body, for a sample customer.")
            .Produces<MailPreviewResponse>().ProducesValidationProblem().ProducesProblem(404);

        v1.MapGet("/mails/stats", MailStats.Handle).WithName("GetMailStats").WithTags("Mails").RequireScope(Scopes.MailsRead)
            .WithSummary("Mails created in [from, to) (default: the last 30 days), by kind: queued, sent, suppressed, failed, converted.")
            .Produces<MailStatsResponse>().ProducesValidationProblem();

        var unsubscribe = v1.MapGroup("/public/unsubscribe").WithTags("Public").AllowAnonymous()
            .RequireRateLimiting(Infrastructure.RateLimits.PublicLinksPolicy);
        unsubscribe.MapGet("/", Unsubscribe.Confirm).WithName("ConfirmUnsubscribe")
            .WithSummary("The page an unsubscribe link opens: asks to confirm (changes nothing).").Produces(200, contentType: "text/html").ProducesProblem(400);
        unsubscribe.MapPost("/", Unsubscribe.Record).WithName("Unsubscribe")
            .WithSummary("Record the opt-out the token names (RFC 8058 one-click or the page's button); idempotent.")
            .Produces(200, contentType: "text/html").ProducesProblem(400).DisableAntiforgery();
    }
}
