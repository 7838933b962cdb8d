using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Crm.Saas.Api.Features.Mails;

/// <summary>Where sent mails go: an SMTP server through MailKit, or the pickup folder when none is configured.</summary>
public interface IMailTransport
{
    /// <summary>One connection for a batch; throws when the server cannot be reached (the batch is then retried later).</summary>
    Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken);
}

public interface IMailConnection : IAsyncDisposable
{
    /// <summary>Sends one message; returns the transport's id for it.</summary>
    Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

internal sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, Enum.Parse<SecureSocketOptions>(smtp.Security, ignoreCase: true), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }

            return new Connection(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Connection(SmtpClient client) : IMailConnection
    {
        public Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken) => client.SendAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true);
                }
            }
            catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException)
            {
                // the server went away after the last send; nothing left to tell it
            }

            client.Dispose();
        }
    }
}

/// <summary>The embedded default: each mail becomes <c>{message-id}.eml</c> in the pickup folder, written atomically.</summary>
internal sealed class PickupMailTransport(string directory) : IMailTransport
{
    public string Directory { get; } = directory;

    public Task<IMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Task.FromResult<IMailConnection>(new Connection(Directory));
    }

    private sealed class Connection(string directory) : IMailConnection
    {
        public async Task<string> SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Split(Path.GetInvalidFileNameChars())) + ".eml";
            var temporary = Path.Combine(directory, "." + name + ".tmp");
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, Path.Combine(directory, name), overwrite: true); // a retry replaces, never doubles
            return name;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
