using Crm.Saas.Api.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crm.Saas.Api.Platform;

/// <summary>
/// Keeps two fleet migrations from overlapping: a PostgreSQL session advisory lock on the catalog's server, or an
/// exclusive lock file next to the SQLite catalog. A second run waits for the first, then finds its work done.
/// </summary>
public sealed class MigrationLock(IOptions<DatabaseOptions> options)
{
    private const long AdvisoryLockKey = 0x43524D_4D4947; // "CRM" "MIG"
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public async Task<IAsyncDisposable> AcquireAsync(TextWriter progress, CancellationToken cancellationToken)
    {
        var database = options.Value;
        return database.Provider == DatabaseProvider.Postgres
            ? await AcquireAdvisoryAsync(ConnectionStrings.Postgres(database.Catalog!), progress, cancellationToken)
            : await AcquireFileAsync(database.DataPath("migrate.lock"), progress, cancellationToken);
    }

    private static async Task<IAsyncDisposable> AcquireAdvisoryAsync(string connectionString, TextWriter progress, CancellationToken cancellationToken)
    {
        // Its own unpooled connection: the lock lives exactly as long as this session.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLockKey})", connection);
        if (await tryLock.ExecuteScalarAsync(cancellationToken) is not true)
        {
            await progress.WriteLineAsync("Another migration run holds the lock; waiting for it to finish…");
            await using var wait = new NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLockKey})", connection) { CommandTimeout = 0 };
            await wait.ExecuteNonQueryAsync(cancellationToken);
        }

        return connection; // closing the session releases the lock
    }

    private static async Task<IAsyncDisposable> AcquireFileAsync(string path, TextWriter progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var announced = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                if (!announced)
                {
                    await progress.WriteLineAsync("Another migration run holds the lock; waiting for it to finish…");
                    announced = true;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
    }
}
