using System.Buffers.Text;
using System.Text.Json;

namespace Crm.Saas.Api.Infrastructure.Pagination;

/// <summary>
/// Opaque cursors: the sort key of the last row served, as base64url JSON. Clients pass them back untouched;
/// anything else is refused rather than guessed at.
/// </summary>
public static class Cursor
{
    public static string Encode<T>(T position) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(position));

    public static bool TryDecode<T>(string? cursor, out T? position)
    {
        position = default;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            position = JsonSerializer.Deserialize<T>(Base64Url.DecodeFromChars(cursor));
            return position is not null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
}
