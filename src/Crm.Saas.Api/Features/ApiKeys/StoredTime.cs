namespace Crm.Saas.Api.Features.ApiKeys;

/// <summary>PostgreSQL keeps microseconds; answering with what it stores makes the create's times equal later reads'.</summary>
internal static class StoredTime
{
    public static DateTime Of(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
}
