using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Saas.Tenancy.Routing;

/// <summary>
/// Routes every command of a tenant context to its tenant's PostgreSQL schema, so one schema-less EF model serves
/// every tenant (no model, and no memory, per tenant). LINQ reads name the tenant's tables with its schema
/// (<see cref="SchemaQualifiedReads"/>: no <c>search_path</c> change, so their prepared plans stay valid); other
/// reads get <c>SET search_path</c> in the same round trip; every other command gets its own <c>SET</c> first,
/// because prefixing SaveChanges batches breaks EF's row counts. The path is set on every command that relies on it,
/// never remembered per connection: the pool's reset (which the connection strings keep on) clears it.
/// </summary>
public sealed class SearchPathInterceptor : DbCommandInterceptor
{
    public static readonly SearchPathInterceptor Instance = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (IsRead(eventData))
        {
            Prefix(command, eventData);
        }
        else
        {
            SetSeparately(command, eventData);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (IsRead(eventData))
        {
            Prefix(command, eventData);
        }
        else
        {
            await SetSeparatelyAsync(command, eventData, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        SetSeparately(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await SetSeparatelyAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        SetSeparately(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await SetSeparatelyAsync(command, eventData, cancellationToken);
        return result;
    }

    /// <summary>The statement that routes a session to a schema. The schema was checked against the catalog's pattern.</summary>
    public static string SetSearchPath(string schema) => $"SET search_path TO {ValidSchema(schema)}";

    private static string ValidSchema(string schema) =>
        TenantPlacement.IsValidLocation(schema) ? schema : throw new ArgumentException($"'{schema}' is not a tenant schema.", nameof(schema));

    private static bool IsRead(CommandEventData eventData) =>
        eventData.CommandSource is CommandSource.LinqQuery or CommandSource.FromSqlQuery or CommandSource.Unknown;

    private static void Prefix(DbCommand command, CommandEventData eventData)
    {
        var schema = SchemaOf(eventData);
        var qualified = eventData.CommandSource == CommandSource.LinqQuery
            ? SchemaQualifiedReads.Qualify(command.CommandText, eventData.Context!.Model, ValidSchema(schema))
            : null;
        command.CommandText = qualified ?? SetSearchPath(schema) + ";\n" + command.CommandText;
    }

    private static void SetSeparately(DbCommand command, CommandEventData eventData)
    {
        using var set = CreateSet(command, eventData);
        set.ExecuteNonQuery();
    }

    private static async Task SetSeparatelyAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        await using var set = CreateSet(command, eventData);
        await set.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand CreateSet(DbCommand command, CommandEventData eventData)
    {
        var set = command.Connection!.CreateCommand();
        set.Transaction = command.Transaction;
        set.CommandText = SetSearchPath(SchemaOf(eventData));
        return set;
    }

    // Fails closed: a context that is not a tenant's, or a pooled one whose schema was cleared on return, reaches nothing.
    private static string SchemaOf(CommandEventData eventData) =>
        eventData.Context is ITenantRoutedContext { TenantSchema: { Length: > 0 } schema }
            ? schema
            : throw new TenantRequiredException();
}
