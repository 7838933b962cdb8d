using Microsoft.EntityFrameworkCore;

namespace Crm.Saas.Api.Persistence;

/// <summary>An entity's table as hand-written SQL must name it: schema-qualified where the model has a schema (PostgreSQL's <c>platform</c>).</summary>
internal static class TableNames
{
    /// <summary><c>Qualified</c> for FROM/INTO, <c>Name</c> for column references (<c>ON CONFLICT … DO UPDATE SET x = name.x</c>).</summary>
    public static (string Qualified, string Name) Of<TEntity>(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))!;
        var name = entity.GetTableName()!;
        return (entity.GetSchema() is { } schema ? $"{schema}.{name}" : name, name);
    }
}
