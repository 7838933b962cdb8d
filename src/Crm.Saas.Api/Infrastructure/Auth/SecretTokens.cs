using System.Security.Cryptography;
using System.Text;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>Random bearer secrets (refresh tokens, invitations) and the hashes they are stored as.</summary>
public static class SecretTokens
{
    /// <summary>A recognisable prefix and 256 random bits, URL-safe.</summary>
    public static string New(string prefix) => prefix + Base64UrlNoPadding(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256, hex: the secrets are random, so a fast hash is enough; only the hash is ever stored.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlNoPadding(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
