namespace Crm.Saas.Api.Features.ApiKeys;

/// <summary>Field sizes shared by the validator and the catalog's columns.</summary>
internal static class ApiKeyLimits
{
    public const int Name = 100;
}
