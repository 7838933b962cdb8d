using System.Security.Cryptography;
using Crm.Saas.Api.Persistence;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Saas.Api.Infrastructure.Auth;

/// <summary>The token signing key: from configuration, or generated once and kept in the data folder (never committed).</summary>
public sealed class SigningKeyStore
{
    public SigningKeyStore(IOptions<AuthOptions> auth, IOptions<DatabaseOptions> database, ILogger<SigningKeyStore> logger)
    {
        var configured = auth.Value.SigningKey;
        byte[] bytes;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            bytes = Convert.FromBase64String(configured);
            if (bytes.Length < 32)
            {
                throw new InvalidOperationException("Auth:SigningKey must be the base64 of at least 32 bytes.");
            }
        }
        else
        {
            var file = database.Value.DataPath("signing.key");
            bytes = LoadOrCreate(file);
            logger.LogInformation("No Auth:SigningKey configured; using the generated key in {File}", file);
        }

        Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string file)
    {
        if (File.Exists(file))
        {
            return Convert.FromBase64String(File.ReadAllText(file).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var bytes = RandomNumberGenerator.GetBytes(64);
        try
        {
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(bytes));
        }
        catch (IOException) when (File.Exists(file))
        {
            return Convert.FromBase64String(File.ReadAllText(file).Trim()); // another process created it first
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return bytes;
    }
}
