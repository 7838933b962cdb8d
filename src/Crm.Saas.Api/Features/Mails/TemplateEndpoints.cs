using Crm.Saas.Api.Infrastructure.Http;
using Crm.Saas.Api.Infrastructure.Problems;
using Crm.Saas.Api.Persistence;
using Crm.Saas.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Mails;

/// <summary><c>/v1/mail-templates/{kind}/{lang}</c>: read (the tenant's or the built-in), replace, preview.</summary>
internal static class TemplateEndpoints
{
    public static async Task<IResult> Get(string kind, string lang, HttpRequest request, TenantDbContext db, CancellationToken cancellationToken)
    {
        if (Parse(kind, lang) is not { } key)
        {
            return ApiProblems.NotFound("mail template");
        }

        var (content, custom, version, updatedAt) = await MailTemplates.ResolveAsync(db, key.Kind, key.Language, cancellationToken);
        return ETags.IsNotModified(request, version)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : ResourceResults.Ok(MailTemplateResponse.From(key.Kind, key.Language, content, custom, updatedAt), version);
    }

    public static async Task<IResult> Put(
        string kind, string lang, MailTemplateFields body, HttpRequest request, TenantDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Parse(kind, lang) is not { } key)
        {
            return ApiProblems.NotFound("mail template");
        }

        var stored = await db.Set<MailTemplate>().FirstOrDefaultAsync(t => t.Kind == key.Kind && t.Language == key.Language, cancellationToken);
        if (request.Headers.IfMatch.Count > 0 && ETags.CheckIfMatch(request, stored?.Version ?? 1) is { } refused)
        {
            return refused; // before the body's checks: a stale copy is a 412 even when its body is refused too
        }

        if (Invalid(body, requireAll: true) is { } invalid)
        {
            return invalid;
        }

        var now = StoredTime.Now(clock);
        if (stored is null)
        {
            stored = new MailTemplate { Kind = key.Kind, Language = key.Language, Subject = "", HtmlBody = "", TextBody = "", Version = 1 };
            db.Set<MailTemplate>().Add(stored);
        }

        (stored.Subject, stored.HtmlBody, stored.TextBody, stored.UpdatedAt) = (body.Subject!, body.HtmlBody!, body.TextBody!, now);
        stored.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.IsUniqueViolation())
        {
            return ETags.Stale();
        }

        return ResourceResults.Ok(MailTemplateResponse.From(key.Kind, key.Language, new MailContent(stored.Subject, stored.HtmlBody, stored.TextBody), true, now), stored.Version);
    }

    /// <summary>Renders the stored template, or the draft in the body (fields left out come from the stored one), for a sample customer.</summary>
    public static async Task<IResult> Preview(
        string kind, string lang, MailTemplateFields? body, TenantDbContext db, ITenantContextAccessor tenants, MailRenderer renderer, CancellationToken cancellationToken)
    {
        if (Parse(kind, lang) is not { } key)
        {
            return ApiProblems.NotFound("mail template");
        }

        if (body is not null && Invalid(body, requireAll: false) is { } invalid)
        {
            return invalid;
        }

        var (stored, _, _, _) = await MailTemplates.ResolveAsync(db, key.Kind, key.Language, cancellationToken);
        var template = new MailContent(body?.Subject ?? stored.Subject, body?.HtmlBody ?? stored.HtmlBody, body?.TextBody ?? stored.TextBody);
        var tenant = tenants.Required;
        var sample = Guid.Empty;
        var values = MailRenderer.Values(tenant, key.Language == "zh-TW" ? "林美玲" : "Mei Lin", "mei@example.com", 1250, "WELCOME-BACK-10", 500,
            renderer.UnsubscribeUrl(tenant.Id, sample), "https://crm.example/v1/surveys/sample", 300, new DateTime(2026, 12, 31, 0, 0, 0, DateTimeKind.Utc),
            new StaffValues(sample, key.Language == "zh-TW" ? "包裹破損" : "Parcel arrived crushed", key.Language == "zh-TW" ? "首次回應" : "first response",
                new DateTime(2026, 12, 30, 9, 0, 0, DateTimeKind.Utc)));
        var rendered = MailTemplates.Render(template, values);
        return TypedResults.Ok(new MailPreviewResponse(key.Kind, key.Language, rendered.Subject, rendered.HtmlBody, rendered.TextBody));
    }

    private static (MailKind Kind, string Language)? Parse(string kind, string lang)
    {
        var parsedKind = Enum.GetValues<MailKind>().Cast<MailKind?>().FirstOrDefault(k => k!.Value.Word() == kind);
        return parsedKind is { } k && MailTemplates.IsSupported(lang) ? (k, lang) : null;
    }

    private static IResult? Invalid(MailTemplateFields body, bool requireAll)
    {
        var errors = new Dictionary<string, string[]>();
        void Check(string field, string? value, int max)
        {
            if (value is null)
            {
                if (requireAll)
                {
                    errors[field] = ["Required."];
                }

                return;
            }

            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add("Must not be blank.");
            }

            if (value.Length > max)
            {
                problems.Add($"At most {max} characters.");
            }

            if (MailTemplates.Unknown(value).ToList() is { Count: > 0 } unknown)
            {
                problems.Add($"Unknown placeholders: {string.Join(", ", unknown.Select(u => "{{" + u + "}}"))}. Known: {string.Join(", ", MailTemplates.Placeholders.Order().Select(p => "{{" + p + "}}"))}.");
            }

            if (problems.Count > 0)
            {
                errors[field] = [.. problems];
            }
        }

        Check("subject", body.Subject, MailTemplates.SubjectMax);
        Check("htmlBody", body.HtmlBody, MailTemplates.BodyMax);
        Check("textBody", body.TextBody, MailTemplates.BodyMax);
        return errors.Count > 0 ? ApiProblems.Validation(errors) : null;
    }
}

/// <summary>A template's texts, with <c>{{placeholders}}</c> (see <c>placeholders</c> in the answer of a read).</summary>
public sealed record MailTemplateFields(string? Subject, string? HtmlBody, string? TextBody);

public sealed record MailTemplateResponse(
    MailKind Kind, string Language, string Subject, string HtmlBody, string TextBody, bool Custom, DateTime? UpdatedAt, IReadOnlyList<string> Placeholders)
{
    public static MailTemplateResponse From(MailKind kind, string language, MailContent content, bool custom, DateTime? updatedAt) =>
        new(kind, language, content.Subject, content.HtmlBody, content.TextBody, custom, updatedAt, [.. MailTemplates.Placeholders.Order()]);
}

public sealed record MailPreviewResponse(MailKind Kind, string Language, string Subject, string HtmlBody, string TextBody);
