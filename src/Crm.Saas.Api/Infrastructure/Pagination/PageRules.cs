using System.Globalization;
using FluentValidation;

namespace Crm.Saas.Api.Infrastructure.Pagination;

/// <summary>
/// The <c>limit</c> and <c>cursor</c> rules every list shares. Both arrive as text so that a bad value is a per-field
/// 400 from the validator rather than a binding failure.
/// </summary>
public static class PageRules
{
    public static int ParseLimit(string? limit) =>
        int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : Cursor.DefaultLimit;

    public static IRuleBuilderOptions<T, string?> PageLimit<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(l => l is null || (int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Cursor.MaxLimit))
            .WithMessage($"Must be a whole number from 1 to {Cursor.MaxLimit}.");

    public static IRuleBuilderOptions<T, string?> PageCursor<T, TPosition>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(c => Cursor.TryDecode<TPosition>(c, out _))
            .WithMessage("Is not a cursor this API issued. Pass nextCursor from the previous page unchanged.");
}
