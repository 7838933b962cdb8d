using System.Collections.Concurrent;
using System.Net;
using Crm.Saas.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Saas.Api.Tests.ApiKeys;

/// <summary>The secret leaves the server once, in the create's answer, and is written to no log at any level.</summary>
public abstract class ApiKeySecretLoggingTests(CrmApp app)
{
    [Fact]
    public async Task The_secret_appears_in_no_log_line_at_any_level()
    {
        var capture = new CapturingLoggerProvider();
        await using var verbose = app.Sibling(
            services => services.AddSingleton<ILoggerProvider>(capture),
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
            });
        await verbose.InitializeAsync();

        var owner = (await verbose.Anonymous().SignUpAsync()).Client;
        var key = await ApiKeyKit.IssueAsync(owner);
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(verbose, key.Key, KeyForm.Bearer).GetAsync("/v1/customers"));
        await Expect.StatusAsync(HttpStatusCode.OK, await ApiKeyKit.Client(verbose, key.Key, KeyForm.XApiKey).GetAsync("/v1/customers"));
        await Expect.StatusAsync(HttpStatusCode.Unauthorized, await ApiKeyKit.Client(verbose, key.Key[..^1] + "0").GetAsync("/v1/customers"));
        await Expect.StatusAsync(HttpStatusCode.NoContent, await owner.DeleteAsync($"/v1/api-keys/{key.Id}", ifMatch: null));
        await Expect.StatusAsync(HttpStatusCode.Unauthorized, await ApiKeyKit.Client(verbose, key.Key).GetAsync("/v1/customers"));

        // The capture did see the key handler and the catalog at work, so its silence about the secret means something.
        var lines = capture.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("ApiKey was not authenticated", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("api_keys", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(key.SecretPart, StringComparison.Ordinal));

        var serverLog = File.Exists(ServerLogFile.LogFile) ? await File.ReadAllTextAsync(ServerLogFile.LogFile, TestContext.Current.CancellationToken) : "";
        Assert.DoesNotContain(key.SecretPart, serverLog, StringComparison.Ordinal);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"[{logLevel}] {category}: {formatter(state, exception)} {exception}");
        }
    }
}

public sealed class ApiKeySecretLoggingOnSqlite(SqliteApp app) : ApiKeySecretLoggingTests(app), IClassFixture<SqliteApp>;

public sealed class ApiKeySecretLoggingOnPostgres(PostgresApp app) : ApiKeySecretLoggingTests(app), IClassFixture<PostgresApp>;
