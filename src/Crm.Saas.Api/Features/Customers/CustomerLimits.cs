namespace Crm.Saas.Api.Features.Customers;

/// <summary>Field sizes shared by the validator and the column definitions.</summary>
internal static class CustomerLimits
{
    public const int Name = 200;
    public const int Email = 254;
    public const int Phone = 32;
    public const int Source = 64;
    public const int Tag = 50;
    public const int Tags = 50;
    public const int ExternalId = 100;
}
