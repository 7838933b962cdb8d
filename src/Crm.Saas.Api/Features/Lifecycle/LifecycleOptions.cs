namespace Crm.Saas.Api.Features.Lifecycle;

/// <summary>Bound from the <c>Lifecycle</c> configuration section.</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycle";

    /// <summary>How often every tenant's stages and RFM scores are recomputed; <c>00:00:00</c> turns it off.</summary>
    public TimeSpan RecomputeInterval { get; set; } = TimeSpan.FromHours(24);
}
