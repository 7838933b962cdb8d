using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.Saas.Api.Persistence;

/// <summary>Stores enums as the same snake_case words the API shows (<c>at_risk</c>), so SQL and JSON read alike.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => ToWord(v),
    v => FromWord(v))
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Words =
        Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly Dictionary<string, TEnum> Values = Words.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string ToWord(TEnum value) => Words[value];

    public static TEnum FromWord(string word) => Values[word];
}
