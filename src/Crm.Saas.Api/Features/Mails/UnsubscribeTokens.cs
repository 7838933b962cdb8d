using System.Security.Cryptography;
using System.Text;
using Crm.Saas.Api.Infrastructure.Auth;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>
/// The token in every marketing mail's unsubscribe link: tenant id and customer id, MACed with a key derived from the
/// platform signing key. It names exactly one customer of one tenant, so it cannot be turned on anyone else, and it
/// carries no email address. It does not expire: an old mail's link must still work.
/// </summary>
public sealed class UnsubscribeTokens(SigningKeyStore keys)
{
    private const byte Format = 1;
    private const int MacLength = 16;
    private readonly byte[] _key = HMACSHA256.HashData(keys.Key.Key, Encoding.UTF8.GetBytes("crm-saas/unsubscribe/v1"));

    public string Issue(Guid tenantId, Guid customerId)
    {
        var payload = Payload(tenantId, customerId);
        return Base64UrlEncoder.Encode([.. payload, .. Mac(payload)]);
    }

    /// <summary>The tenant and customer a token names, or null when it is malformed or its MAC does not match.</summary>
    public (Guid TenantId, Guid CustomerId)? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64UrlEncoder.DecodeBytes(token);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length != 1 + 32 + MacLength || bytes[0] != Format)
        {
            return null;
        }

        var payload = bytes.AsSpan(0, 33).ToArray();
        if (!CryptographicOperations.FixedTimeEquals(Mac(payload), bytes.AsSpan(33)))
        {
            return null;
        }

        return (new Guid(payload.AsSpan(1, 16)), new Guid(payload.AsSpan(17, 16)));
    }

    private static byte[] Payload(Guid tenantId, Guid customerId) => [Format, .. tenantId.ToByteArray(), .. customerId.ToByteArray()];

    private byte[] Mac(byte[] payload) => HMACSHA256.HashData(_key, payload)[..MacLength];
}
