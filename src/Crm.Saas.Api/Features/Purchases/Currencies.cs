using System.Globalization;

namespace Crm.Saas.Api.Features.Purchases;

/// <summary>The ISO 4217 codes the runtime knows from its region data: a closed list, so "XXQ" is refused.</summary>
internal static class Currencies
{
    private static readonly HashSet<string> Known = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c => TryRegion(c.Name)?.ISOCurrencySymbol)
        .Where(code => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper))
        .Select(code => code!)
        .ToHashSet(StringComparer.Ordinal);

    public static bool IsKnown(string? code) => code is not null && Known.Contains(code);

    private static RegionInfo? TryRegion(string culture)
    {
        try
        {
            return new RegionInfo(culture);
        }
        catch (ArgumentException)
        {
            return null; // a culture without a region (rare in the specific set)
        }
    }
}
