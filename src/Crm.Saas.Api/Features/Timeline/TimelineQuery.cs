using System.Text.RegularExpressions;
using Crm.Saas.Api.Infrastructure.Pagination;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Saas.Api.Features.Timeline;

/// <summary>The timeline's query string: <c>limit</c>, <c>cursor</c>, and <c>types</c> as a comma-separated list.</summary>
public sealed partial record TimelineQuery(
    [property: FromQuery(Name = "limit")] string? Limit,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "types")] string? Types)
{
    public const int MaxTypes = 20;

    internal IReadOnlyList<string> ParsedTypes =>
        string.IsNullOrWhiteSpace(Types) ? [] : Types.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Dotted lower-case words, as events are named (<c>contact.added</c>).</summary>
    [GeneratedRegex(@"^[a-z][a-z_]*(\.[a-z][a-z_]*)*$", RegexOptions.CultureInvariant)]
    internal static partial Regex TypePattern();
}

internal sealed class TimelineQueryValidator : AbstractValidator<TimelineQuery>
{
    public TimelineQueryValidator()
    {
        RuleFor(q => q.Limit).PageLimit();
        RuleFor(q => q.Cursor).PageCursor<TimelineQuery, TimelineCursor>();
        RuleFor(q => q.Types).MaximumLength(1000)
            .Must(t => t is null || new TimelineQuery(null, null, t).ParsedTypes is { Count: <= TimelineQuery.MaxTypes } types
                && types.All(type => type.Length <= 50 && TimelineQuery.TypePattern().IsMatch(type)))
            .WithMessage($"Must be up to {TimelineQuery.MaxTypes} event types separated by commas, such as contact.added,interaction.logged.");
    }
}
