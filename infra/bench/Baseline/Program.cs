using System.Text.RegularExpressions;
using Crm.Saas.Bench.Baseline;
using Npgsql;

// The floor the API is measured against: GET /customers/{schema}/{id} reads the same row the API's
// GET /v1/customers/{id} reads, with raw Npgsql and the API's pool settings, and writes it as JSON.
// Configuration: Baseline__Postgres = an Npgsql connection string (required); --urls as for any ASP.NET Core app.
var builder = WebApplication.CreateBuilder(args);
var connectionString = builder.Configuration["Baseline:Postgres"]
    ?? throw new InvalidOperationException("Set Baseline__Postgres to an Npgsql connection string.");

// The same pool as the API on this machine: 8 connections, automatic preparation of up to 64 statements.
var settings = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 8, MaxAutoPrepare = 64 };
await using var dataSource = NpgsqlDataSource.Create(settings.ConnectionString);

var app = builder.Build();
app.MapGet("/customers/{schema}/{id:guid}", async Task<IResult> (string schema, Guid id, CancellationToken cancellationToken) =>
{
    // The schema is interpolated into SQL: only the catalog's own shape is accepted.
    if (!Schemas.IsTenantSchema(schema))
    {
        return Results.NotFound();
    }

    await using var command = dataSource.CreateCommand(
        "SELECT id, kind, name, email, phone, birthday, tags, source, consent_email, consent_sms, lifecycle_stage, " +
        "created_at, updated_at, version, consent_email_source, consent_email_at, consent_sms_source, consent_sms_at, " +
        $"preferred_language, open_complaints FROM {schema}.customers WHERE id = $1 AND deleted_at IS NULL LIMIT 1");
    command.Parameters.Add(new NpgsqlParameter { Value = id });
    await using var reader = await command.ExecuteReaderAsync(cancellationToken);
    if (!await reader.ReadAsync(cancellationToken))
    {
        return Results.NotFound();
    }

    var row = new CustomerRow(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5),
        reader.GetFieldValue<string[]>(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        new Consent(reader.GetBoolean(8), reader.GetBoolean(9),
            reader.IsDBNull(14) ? null : reader.GetString(14), reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTime>(15),
            reader.IsDBNull(16) ? null : reader.GetString(16), reader.IsDBNull(17) ? null : reader.GetFieldValue<DateTime>(17)),
        reader.IsDBNull(18) ? null : reader.GetString(18),
        reader.GetString(10),
        reader.GetFieldValue<DateTime>(11),
        reader.GetFieldValue<DateTime>(12),
        reader.GetInt32(19));
    var version = reader.GetInt32(13);
    return new WithETag(Results.Json(row), $"\"{version}\"");
});

await app.RunAsync();

namespace Crm.Saas.Bench.Baseline
{
    internal static partial class Schemas
    {
        public static bool IsTenantSchema(string schema) => Pattern().IsMatch(schema);

        [GeneratedRegex(@"^t_[0-9a-f]{32}\z", RegexOptions.CultureInvariant)]
        private static partial Regex Pattern();
    }

    internal sealed record Consent(bool Email, bool Sms, string? EmailSource, DateTime? EmailAt, string? SmsSource, DateTime? SmsAt);

    internal sealed record CustomerRow(
        Guid Id,
        string Kind,
        string Name,
        string? Email,
        string? Phone,
        DateOnly? Birthday,
        string[] Tags,
        string? Source,
        Consent Consent,
        string? PreferredLanguage,
        string LifecycleStage,
        DateTime CreatedAt,
        DateTime UpdatedAt,
        int OpenComplaints);

    /// <summary>Sends an ETag with the row, as the API does, so both answers carry the same headers' work.</summary>
    internal sealed class WithETag(IResult inner, string etag) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ETag = etag;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
