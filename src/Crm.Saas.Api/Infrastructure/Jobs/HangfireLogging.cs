using Hangfire.Logging;
using MsLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Crm.Saas.Api.Infrastructure.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider. Hangfire.NetCore's would hold the first host's logger factory
/// and throw once that host is disposed (tests run many hosts in one process), so this one follows the latest live
/// host's factory and drops a line rather than fail a job because logging went away.
/// </summary>
internal sealed class HangfireLogging : ILogProvider
{
    private static ILoggerFactory? _factory;

    public static void Use(ILoggerFactory factory) => _factory = factory;

    public ILog GetLogger(string name) => new HostLog(name);

    private sealed class HostLog(string name) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                var logger = _factory?.CreateLogger(name);
                var level = Map(logLevel);
                if (logger is null || !logger.IsEnabled(level))
                {
                    return false;
                }

                if (messageFunc is not null)
                {
#pragma warning disable CA2254 // Hangfire hands over finished messages, not templates
                    logger.Log(level, exception, messageFunc());
#pragma warning restore CA2254
                }

                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private static MsLogLevel Map(Hangfire.Logging.LogLevel level) => level switch
        {
            Hangfire.Logging.LogLevel.Trace => MsLogLevel.Trace,
            Hangfire.Logging.LogLevel.Debug => MsLogLevel.Debug,
            Hangfire.Logging.LogLevel.Info => MsLogLevel.Information,
            Hangfire.Logging.LogLevel.Warn => MsLogLevel.Warning,
            Hangfire.Logging.LogLevel.Error => MsLogLevel.Error,
            _ => MsLogLevel.Critical,
        };
    }
}
