namespace Crm.Saas.Api.Features.Purchases;

/// <summary>Sizes shared by the validators and the column definitions.</summary>
internal static class PurchaseLimits
{
    /// <summary>10^12 minor units: ten billion in a two-decimal currency, far above any sale, far below overflow when summed.</summary>
    public const long MaxAmount = 1_000_000_000_000;
    public const int ExternalRef = 100;
    public const int Lines = 200;
    public const int Sku = 64;
    public const int LineName = 200;
    public const int Reason = 500;

    /// <summary>Clocks of shop systems drift; a sale a little "in the future" is drift, far in the future is a mistake.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);
}
