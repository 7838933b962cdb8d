namespace Crm.Saas.Api.Features.Complaints;

/// <summary>Bound from the <c>Complaints</c> configuration section.</summary>
public sealed class ComplaintOptions
{
    public const string Section = "Complaints";

    /// <summary>How often the SLA job looks for new breaches and due surveys; <c>00:00:00</c> turns it off.</summary>
    public TimeSpan SlaCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where customers reach the API from outside, for survey links (e.g. <c>https://api.crm-saas.dev</c>); empty: relative links.</summary>
    public string PublicBaseUrl { get; set; } = "";
}
