using Crm.Saas.Api.Infrastructure.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.Saas.Api.Persistence;

/// <summary>Stores enums as the same snake_case words the API shows (<c>at_risk</c>), so SQL and JSON read alike.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => ToWord(v),
    v => FromWord(v))
    where TEnum : struct, Enum
{
    public static string ToWord(TEnum value) => EnumWords<TEnum>.Word(value);

    /// <summary>A stored word; the database only holds words this converter wrote, so an unknown one is a bug.</summary>
    public static TEnum FromWord(string word) => EnumWords<TEnum>.Lookup[word];
}
