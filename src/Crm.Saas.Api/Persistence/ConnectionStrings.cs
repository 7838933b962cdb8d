using Microsoft.Data.Sqlite;
using Npgsql;

namespace Crm.Saas.Api.Persistence;

/// <summary>Connection strings with the settings the design measured, unless the operator set them.</summary>
internal static class ConnectionStrings
{
    public static string Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToLowerInvariant();

        // A small pool sized for the cores beats a large one (8 connections served a third more than 100 on 2 cores),
        // and automatic preparation must cover the hot query shapes.
        if (!given.Contains("maximum pool size", StringComparison.Ordinal) && !given.Contains("max pool size", StringComparison.Ordinal))
        {
            builder.MaxPoolSize = Math.Max(8, 4 * Environment.ProcessorCount);
        }

        if (!given.Contains("max auto prepare", StringComparison.Ordinal))
        {
            builder.MaxAutoPrepare = 64;
        }

        // Tenant routing relies on the pool's reset clearing search_path when a connection goes back to the pool
        // (see SearchPathInterceptor); an operator's No Reset On Close would let one tenant's path outlive its request.
        builder.NoResetOnClose = false;
        return builder.ConnectionString;
    }

    public static string Sqlite(string file) => new SqliteConnectionStringBuilder
    {
        DataSource = file,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();
}
