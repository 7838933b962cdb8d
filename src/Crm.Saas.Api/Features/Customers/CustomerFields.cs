namespace Crm.Saas.Api.Features.Customers;

/// <summary>
/// The fields a client writes: the body of a create, and the shape a merge patch is applied to.
/// Absent collections and consent mean "none".
/// </summary>
public sealed record CustomerFields
{
    /// <example>person</example>
    public CustomerKind? Kind { get; init; }

    /// <example>Mei Lin</example>
    public string? Name { get; init; }

    /// <example>mei@example.com</example>
    public string? Email { get; init; }

    /// <example>+886 2 2345 6789</example>
    public string? Phone { get; init; }

    public DateOnly? Birthday { get; init; }

    public List<string>? Tags { get; init; }

    /// <summary>Where the customer came from (a channel or campaign name).</summary>
    /// <example>instagram</example>
    public string? Source { get; init; }

    public ConsentFields? Consent { get; init; }

    /// <summary>The language the customer's mails are written in: <c>en</c> or <c>zh-TW</c> (others fall back to <c>en</c>).</summary>
    /// <example>zh-TW</example>
    public string? PreferredLanguage { get; init; }

    /// <summary>The partner's own id for this customer (unique in the tenant): the key for sync and upserts.</summary>
    /// <example>shop-4711</example>
    public string? ExternalId { get; init; }

    public static CustomerFields From(Customer customer) => new()
    {
        Kind = customer.Kind,
        Name = customer.Name,
        Email = customer.Email,
        Phone = customer.Phone,
        Birthday = customer.Birthday,
        Tags = customer.Tags,
        Source = customer.Source,
        Consent = new ConsentFields(customer.ConsentEmail, customer.ConsentSms),
        ExternalId = customer.ExternalId,
        PreferredLanguage = customer.PreferredLanguage,
    };

    /// <summary>Writes validated fields onto the entity (trimmed; tags without duplicates).</summary>
    public void ApplyTo(Customer customer, DateTime now)
    {
        var isNew = customer.Version == 1 && customer.CreatedAt == now;
        if (isNew ? Consent?.Email == true : (Consent?.Email ?? false) != customer.ConsentEmail)
        {
            customer.ConsentEmailAt = now;
            customer.ConsentEmailSource = ConsentSource;
        }

        if (isNew ? Consent?.Sms == true : (Consent?.Sms ?? false) != customer.ConsentSms)
        {
            customer.ConsentSmsAt = now;
            customer.ConsentSmsSource = ConsentSource;
        }

        customer.Kind = Kind!.Value;
        customer.Name = Name!.Trim();
        customer.SetEmail(Email);
        customer.Phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim();
        customer.Birthday = Birthday;
        customer.Tags = (Tags ?? []).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();
        customer.Source = string.IsNullOrWhiteSpace(Source) ? null : Source.Trim();
        customer.ConsentEmail = Consent?.Email ?? false;
        customer.ConsentSms = Consent?.Sms ?? false;
        customer.ExternalId = string.IsNullOrWhiteSpace(ExternalId) ? null : ExternalId.Trim();
        customer.PreferredLanguage = string.IsNullOrWhiteSpace(PreferredLanguage) ? null : PreferredLanguage.Trim();
    }

    private string ConsentSource => string.IsNullOrWhiteSpace(Consent?.Source) ? "api" : Consent.Source.Trim();
}

/// <summary>Marketing consent per channel; <c>source</c> (e.g. <c>store</c>, <c>web_form</c>) is recorded with a change, default <c>api</c>.</summary>
/// <param name="Email">Whether the customer agrees to marketing mails.</param>
/// <param name="Sms">Whether the customer agrees to marketing text messages.</param>
/// <param name="Source">Where this consent was given or withdrawn (e.g. <c>store</c>, <c>web_form</c>); recorded with each change, default <c>api</c>.</param>
public sealed record ConsentFields(bool Email, bool Sms, string? Source = null);

/// <summary>Consent per channel as recorded: given or not, where the last change came from, and when.</summary>
public sealed record ConsentResponse(bool Email, bool Sms, string? EmailSource, DateTime? EmailAt, string? SmsSource, DateTime? SmsAt);
