using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Crm.Saas.Tenancy.Routing;

/// <summary>
/// Rewrites a LINQ read so every table of the tenant model it names carries the tenant's schema
/// (<c>FROM customers AS c</c> → <c>FROM t_….customers AS c</c>), instead of changing <c>search_path</c> for it.
/// <para>
/// Why: PostgreSQL re-analyses and re-plans a prepared statement whenever <c>search_path</c> differs from the one it
/// was planned under, so with tenants alternating on a pooled connection a routed read was planned afresh almost
/// every time. A schema-qualified statement is its own prepared statement per tenant and is never invalidated, the
/// same as hand-written per-schema SQL. The text per (statement, tenant) is built from a template cached per
/// statement, so the rewrite costs one string concatenation.
/// </para>
/// </summary>
internal static class SchemaQualifiedReads
{
    private const int MaxTemplates = 4096; // statements are parameterised, so this only bounds pathological cases

    private static readonly ConditionalWeakTable<IModel, Regex> TablePatterns = new();
    private static readonly ConcurrentDictionary<string, string[]?> Templates = new(StringComparer.Ordinal);

    /// <summary>
    /// The statement with <paramref name="schema"/> in front of every tenant table it reads, or null when it names
    /// none (the caller then routes it with <c>search_path</c>). <paramref name="schema"/> must be validated.
    /// </summary>
    public static string? Qualify(string sql, IModel model, string schema)
    {
        if (!Templates.TryGetValue(sql, out var parts))
        {
            parts = Split(sql, TablePatterns.GetValue(model, BuildPattern));
            if (Templates.Count < MaxTemplates)
            {
                Templates.TryAdd(sql, parts);
            }
        }

        return parts is null ? null : Join(parts, schema);
    }

    /// <summary>Matches a tenant table right after FROM or JOIN, quoted or not; group "at" is where the schema goes.</summary>
    private static Regex BuildPattern(IModel model)
    {
        var tables = model.GetRelationalModel().Tables
            .Where(t => t.Schema is null)
            .Select(t => Regex.Escape(t.Name))
            .OrderByDescending(name => name.Length)
            .ToList();
        var names = tables.Count == 0 ? "(?!)" : string.Join('|', tables);
        return new Regex($@"\b(?:FROM|JOIN)\s+(?<at>)(?:""(?:{names})""|(?:{names})(?![\w$]))",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Compiled);
    }

    private static string[]? Split(string sql, Regex pattern)
    {
        var parts = new List<string>();
        var start = 0;
        foreach (Match match in pattern.Matches(sql))
        {
            var at = match.Groups["at"].Index;
            parts.Add(sql[start..at]);
            start = at;
        }

        if (parts.Count == 0)
        {
            return null;
        }

        parts.Add(sql[start..]);
        return [.. parts];
    }

    private static string Join(string[] parts, string schema)
    {
        var length = parts.Sum(p => p.Length) + (parts.Length - 1) * (schema.Length + 1);
        return string.Create(length, (parts, schema), static (span, state) =>
        {
            var (parts, schema) = state;
            var position = 0;
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    schema.AsSpan().CopyTo(span[position..]);
                    position += schema.Length;
                    span[position++] = '.';
                }

                parts[i].AsSpan().CopyTo(span[position..]);
                position += parts[i].Length;
            }
        });
    }
}
