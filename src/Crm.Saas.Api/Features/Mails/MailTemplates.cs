using System.Net;
using System.Text.RegularExpressions;
using Crm.Saas.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>
/// Templates and their placeholders: the built-in defaults per kind and language, the tenant's own overrides, the
/// language choice (the customer's preference, else <c>en</c>) and rendering. Values are HTML-escaped in the HTML
/// body; a placeholder not in <see cref="Placeholders"/> is refused when a template is saved, so none can slip through.
/// </summary>
public static partial class MailTemplates
{
    public const int SubjectMax = 300;
    public const int BodyMax = 100_000;
    public const string Fallback = "en";

    public static readonly IReadOnlyList<string> Languages = ["en", "zh-TW"];

    public static readonly IReadOnlySet<string> Placeholders = new HashSet<string>(StringComparer.Ordinal)
    {
        "customer.name", "customer.email", "tenant.name", "points.balance", "offer.code", "offer.points", "unsubscribe_url",
        "survey.url", "points.expiring", "points.expires_on", "complaint.subject", "complaint.id", "sla.target", "sla.due_at",
    };

    private static readonly Dictionary<(MailKind, string), MailContent> Defaults = new()
    {
        [(MailKind.Welcome, "en")] = new(
            "Welcome to {{tenant.name}}, {{customer.name}}",
            "<p>Dear {{customer.name}},</p><p>Thank you for choosing {{tenant.name}}. We are glad to have you with us.</p>"
            + "<p style=\"font-size:small\"><a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p>",
            "Dear {{customer.name}},\n\nThank you for choosing {{tenant.name}}. We are glad to have you with us.\n\nUnsubscribe: {{unsubscribe_url}}\n"),
        [(MailKind.Welcome, "zh-TW")] = new(
            "歡迎加入 {{tenant.name}}，{{customer.name}}",
            "<p>親愛的 {{customer.name}}：</p><p>感謝您選擇 {{tenant.name}}，很高興認識您。</p>"
            + "<p style=\"font-size:small\"><a href=\"{{unsubscribe_url}}\">取消訂閱</a></p>",
            "親愛的 {{customer.name}}：\n\n感謝您選擇 {{tenant.name}}，很高興認識您。\n\n取消訂閱：{{unsubscribe_url}}\n"),
        [(MailKind.WinBack, "en")] = new(
            "We miss you, {{customer.name}}",
            "<p>Dear {{customer.name}},</p><p>It has been a while since your last visit to {{tenant.name}}. "
            + "Come back with this offer: <strong>{{offer.code}}</strong> ({{offer.points}} bonus points; your balance is {{points.balance}}).</p>"
            + "<p style=\"font-size:small\"><a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p>",
            "Dear {{customer.name}},\n\nIt has been a while since your last visit to {{tenant.name}}. Come back with this offer: {{offer.code}} "
            + "({{offer.points}} bonus points; your balance is {{points.balance}}).\n\nUnsubscribe: {{unsubscribe_url}}\n"),
        [(MailKind.WinBack, "zh-TW")] = new(
            "{{customer.name}}，我們想念您",
            "<p>親愛的 {{customer.name}}：</p><p>好久不見！{{tenant.name}} 為您準備了回饋：<strong>{{offer.code}}</strong>"
            + "（加贈 {{offer.points}} 點，目前點數 {{points.balance}}）。</p>"
            + "<p style=\"font-size:small\"><a href=\"{{unsubscribe_url}}\">取消訂閱</a></p>",
            "親愛的 {{customer.name}}：\n\n好久不見！{{tenant.name}} 為您準備了回饋：{{offer.code}}（加贈 {{offer.points}} 點，目前點數 {{points.balance}}）。\n\n取消訂閱：{{unsubscribe_url}}\n"),
        [(MailKind.Survey, "en")] = new(
            "How did we do, {{customer.name}}?",
            "<p>Dear {{customer.name}},</p><p>Thank you for your patience while {{tenant.name}} looked into your complaint. "
            + "Would you tell us how satisfied you are with how it was handled? It takes one click:</p>"
            + "<p><a href=\"{{survey.url}}\">Rate our handling of your complaint</a></p>",
            "Dear {{customer.name}},\n\nThank you for your patience while {{tenant.name}} looked into your complaint. "
            + "Would you tell us how satisfied you are with how it was handled?\n\n{{survey.url}}\n"),
        [(MailKind.Survey, "zh-TW")] = new(
            "{{customer.name}}，請為我們的服務評分",
            "<p>親愛的 {{customer.name}}：</p><p>感謝您耐心等候 {{tenant.name}} 處理您的客訴。請告訴我們您對處理結果的滿意度：</p>"
            + "<p><a href=\"{{survey.url}}\">為客訴處理評分</a></p>",
            "親愛的 {{customer.name}}：\n\n感謝您耐心等候 {{tenant.name}} 處理您的客訴。請告訴我們您對處理結果的滿意度：\n\n{{survey.url}}\n"),
        [(MailKind.PointsExpiring, "en")] = new(
            "{{points.expiring}} of your {{tenant.name}} points expire soon",
            "<p>Dear {{customer.name}},</p><p><strong>{{points.expiring}} points</strong> of your balance of {{points.balance}} expire soon, "
            + "the first on {{points.expires_on}}. Use them at {{tenant.name}} before then.</p>"
            + "<p style=\"font-size:small\"><a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p>",
            "Dear {{customer.name}},\n\n{{points.expiring}} points of your balance of {{points.balance}} expire soon, the first on {{points.expires_on}}. "
            + "Use them at {{tenant.name}} before then.\n\nUnsubscribe: {{unsubscribe_url}}\n"),
        [(MailKind.PointsExpiring, "zh-TW")] = new(
            "您在 {{tenant.name}} 有 {{points.expiring}} 點即將到期",
            "<p>親愛的 {{customer.name}}：</p><p>您目前的 {{points.balance}} 點中，有 <strong>{{points.expiring}} 點</strong>即將到期，"
            + "最早於 {{points.expires_on}} 到期。請在到期前到 {{tenant.name}} 使用。</p>"
            + "<p style=\"font-size:small\"><a href=\"{{unsubscribe_url}}\">取消訂閱</a></p>",
            "親愛的 {{customer.name}}：\n\n您目前的 {{points.balance}} 點中，有 {{points.expiring}} 點即將到期，最早於 {{points.expires_on}} 到期。"
            + "請在到期前到 {{tenant.name}} 使用。\n\n取消訂閱：{{unsubscribe_url}}\n"),
        [(MailKind.SlaBreach, "en")] = new(
            "SLA missed: {{complaint.subject}} ({{customer.name}})",
            "<p>The complaint <strong>{{complaint.subject}}</strong> from {{customer.name}} missed its {{sla.target}} target "
            + "(due {{sla.due_at}}).</p><p>Complaint {{complaint.id}} in {{tenant.name}}.</p>",
            "The complaint \"{{complaint.subject}}\" from {{customer.name}} missed its {{sla.target}} target (due {{sla.due_at}}).\n\n"
            + "Complaint {{complaint.id}} in {{tenant.name}}.\n"),
    };

    /// <summary>The supported language for a preference (<c>zh-tw</c> → <c>zh-TW</c>), else the fallback.</summary>
    public static string LanguageFor(string? preferred) =>
        Languages.FirstOrDefault(l => string.Equals(l, preferred, StringComparison.OrdinalIgnoreCase))
        ?? (preferred?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true && preferred.Contains("Hant", StringComparison.OrdinalIgnoreCase) ? "zh-TW" : Fallback);

    public static bool IsSupported(string language) => Languages.Contains(language, StringComparer.Ordinal);

    public static MailContent Default(MailKind kind, string language) =>
        Defaults.TryGetValue((kind, language), out var content) ? content : Defaults[(kind, Fallback)];

    /// <summary>The tenant's template for the kind and language, else the built-in one (same language, then <c>en</c>).</summary>
    public static async Task<(MailContent Content, bool Custom, int Version, DateTime? UpdatedAt)> ResolveAsync(
        TenantDbContext db, MailKind kind, string language, CancellationToken cancellationToken)
    {
        var stored = await db.Set<MailTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Kind == kind && t.Language == language, cancellationToken);
        return stored is null
            ? (Default(kind, language), false, 1, null)
            : (new MailContent(stored.Subject, stored.HtmlBody, stored.TextBody), true, stored.Version, stored.UpdatedAt);
    }

    /// <summary>Placeholders used in a text that are not known, in order of appearance.</summary>
    public static IEnumerable<string> Unknown(string? text) =>
        text is null ? [] : PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Where(p => !Placeholders.Contains(p)).Distinct();

    public static MailContent Render(MailContent template, IReadOnlyDictionary<string, string> values) => new(
        Replace(template.Subject, values, html: false).ReplaceLineEndings(" "),
        Replace(template.HtmlBody, values, html: true),
        Replace(template.TextBody, values, html: false));

    private static string Replace(string text, IReadOnlyDictionary<string, string> values, bool html) =>
        PlaceholderPattern().Replace(text, m =>
        {
            var value = values.GetValueOrDefault(m.Groups[1].Value, "");
            return html ? WebUtility.HtmlEncode(value) : value;
        });

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.]+)\s*\}\}")]
    private static partial Regex PlaceholderPattern();
}

public sealed record MailContent(string Subject, string HtmlBody, string TextBody);
