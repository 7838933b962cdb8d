using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Crm.Saas.Api.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace Crm.Saas.Api.Features.Complaints;

/// <summary>
/// Survey links: <c>base64url(tenant id ‖ complaint id ‖ nonce ‖ expiry ‖ HMAC-SHA256)</c>. The MAC key is derived
/// from the token signing key (never the signing key itself), so nobody can make, alter or enumerate a link; the
/// nonce stored on the complaint makes a link single-use and lets a newer survey void an older one. The token is
/// not stored: it is recomputed from the complaint's row when shown.
/// </summary>
public sealed class SurveyTokens(SigningKeyStore keys, IOptions<ComplaintOptions> options)
{
    private const int PayloadLength = 16 + 16 + 16 + 8;
    private const int MacLength = 32;

    private readonly byte[] _key = HMACSHA256.HashData(keys.Key.Key, Encoding.UTF8.GetBytes("crm-saas/complaint-survey/v1"));

    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string Token(Guid tenantId, Guid complaintId, string nonce, DateTime expiresAt)
    {
        var bytes = new byte[PayloadLength + MacLength];
        tenantId.TryWriteBytes(bytes.AsSpan(0, 16));
        complaintId.TryWriteBytes(bytes.AsSpan(16, 16));
        Convert.FromHexString(nonce).CopyTo(bytes.AsSpan(32, 16));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(48, 8), new DateTimeOffset(expiresAt, TimeSpan.Zero).ToUnixTimeSeconds());
        HMACSHA256.HashData(_key, bytes.AsSpan(0, PayloadLength), bytes.AsSpan(PayloadLength));
        return Base64Url.EncodeToString(bytes);
    }

    public string Url(Guid tenantId, Complaint complaint) =>
        $"{options.Value.PublicBaseUrl.TrimEnd('/')}/v1/surveys/{Token(tenantId, complaint.Id, complaint.SurveyNonce!, complaint.SurveyExpiresAt!.Value)}";

    /// <summary>The link's contents when its MAC is right; null for anything this service did not issue.</summary>
    public SurveyLink? Read(string? token)
    {
        if (token is null || token.Length != Base64Url.GetEncodedLength(PayloadLength + MacLength))
        {
            return null;
        }

        var bytes = new byte[PayloadLength + MacLength];
        if (Base64Url.DecodeFromChars(token, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, bytes.AsSpan(0, PayloadLength), mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes.AsSpan(PayloadLength)))
        {
            return null;
        }

        return new SurveyLink(
            new Guid(bytes.AsSpan(0, 16)), new Guid(bytes.AsSpan(16, 16)), Convert.ToHexStringLower(bytes.AsSpan(32, 16)),
            DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(48, 8))).UtcDateTime);
    }
}

public sealed record SurveyLink(Guid TenantId, Guid ComplaintId, string Nonce, DateTime ExpiresAt);
