using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>
/// The API key format, <c>crm_live_&lt;8 base62&gt;_&lt;32 base62&gt;</c>. The first part (<c>crm_live_xxxxxxxx</c>) is the
/// public prefix that finds the row; the whole key is the secret, kept only as its SHA-256. A fast hash is enough
/// here: the key is 190 random bits, not a password anyone could guess from a dictionary.
/// </summary>
public static class ApiKeySecret
{
    public const string Marker = "crm_";
    public const string LivePrefix = "crm_live_";
    public const int PrefixIdLength = 8;
    public const int SecretLength = 32;
    public const int PrefixLength = 17; // LivePrefix + PrefixIdLength

    /// <summary>Longest key accepted; anything longer is refused before any lookup.</summary>
    public const int MaxLength = PrefixLength + 1 + 64;

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly SearchValues<char> Base62Chars = SearchValues.Create(Base62);

    public static (string Key, string Prefix) Generate()
    {
        var prefix = LivePrefix + RandomNumberGenerator.GetString(Base62, PrefixIdLength);
        return (prefix + "_" + RandomNumberGenerator.GetString(Base62, SecretLength), prefix);
    }

    /// <summary>SHA-256 of the whole key, lowercase hex: what the catalog stores.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The prefix of a well-formed key; false for anything that cannot be one of ours (no lookup needed).</summary>
    public static bool TryGetPrefix(string presented, out string prefix)
    {
        prefix = "";
        if (presented.Length < PrefixLength + 1 + SecretLength || presented.Length > MaxLength
            || !presented.StartsWith(LivePrefix, StringComparison.Ordinal) || presented[PrefixLength] != '_'
            || !IsBase62(presented.AsSpan(LivePrefix.Length, PrefixIdLength)) || !IsBase62(presented.AsSpan(PrefixLength + 1)))
        {
            return false;
        }

        prefix = presented[..PrefixLength];
        return true;
    }

    /// <summary>Compares the presented key's hash with the stored one in constant time.</summary>
    public static bool Matches(string presented, string storedHash)
    {
        Span<byte> stored = stackalloc byte[SHA256.HashSizeInBytes];
        if (storedHash.Length != 2 * SHA256.HashSizeInBytes || Convert.FromHexString(storedHash, stored, out _, out var written) != OperationStatus.Done
            || written != SHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> computed = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), computed);
        return CryptographicOperations.FixedTimeEquals(computed, stored);
    }

    private static bool IsBase62(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(Base62Chars);
}
