using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Saas.Api.Infrastructure.Json;

/// <summary>
/// The words an enum is written as (its members in snake_case: <c>decision_maker</c>) and the one rule for reading
/// them, in bodies and query strings alike: exactly those words, in any letter case. Member names themselves
/// (<c>DecisionMaker</c>) and numbers are not words of the API and are refused.
/// </summary>
public static class EnumWords<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Words =
        Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    /// <summary>Word → value, ignoring letter case; its keys are the documented words, in declaration order.</summary>
    public static readonly IReadOnlyDictionary<string, TEnum> Lookup =
        Words.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>"Must be one of: a, b, c.", the message for a word that is not one of them.</summary>
    public static readonly string MustBeOneOf = $"Must be one of: {string.Join(", ", Words.Values)}.";

    public static string Word(TEnum value) => Words[value];

    public static bool TryParse(string? word, out TEnum value) => Lookup.TryGetValue(word ?? "", out value);
}

/// <summary>Writes enums as their <see cref="EnumWords{TEnum}"/> and reads only those (case-insensitively).</summary>
public sealed class EnumWordsJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && EnumWords<TEnum>.TryParse(reader.GetString(), out var value)
                ? value
                : throw new UnknownEnumWordException(EnumWords<TEnum>.MustBeOneOf);

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(EnumWords<TEnum>.Word(value));

        public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            EnumWords<TEnum>.TryParse(reader.GetString(), out var value) ? value : throw new UnknownEnumWordException(EnumWords<TEnum>.MustBeOneOf);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WritePropertyName(EnumWords<TEnum>.Word(value));
    }
}

/// <summary>A value that is not one of the enum's words; its message lists them, and becomes the field's error as it is.</summary>
public sealed class UnknownEnumWordException(string message) : JsonException(message);
