using Microsoft.Extensions.Logging;

namespace Crm.Saas.Api.Tests.Support;

/// <summary>Keeps the server's warnings and errors from a test run, for reading when a test fails.</summary>
public sealed class ServerLogFile : ILoggerProvider
{
    public static readonly string LogFile = Path.Combine(Path.GetTempPath(), "crm-api-tests-server.log");
    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new ServerLogFileLogger(categoryName);

    public void Dispose()
    {
    }

    private sealed class ServerLogFileLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            // Kestrel's request threads do not carry the test's context, so the lines go to one file per run
            // (printed by infra/test.sh when the run fails).
            var line = $"{DateTime.UtcNow:O} [{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}\n";
            lock (Gate)
            {
                File.AppendAllText(LogFile, line);
            }
        }
    }
}
