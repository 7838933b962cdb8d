namespace Crm.Saas.Api.Features.Contacts;

/// <summary>The fields a client writes: the body of a create, and the shape a merge patch is applied to.</summary>
public sealed record ContactFields
{
    /// <example>Ann Lee</example>
    public string? Name { get; init; }

    /// <example>decision_maker</example>
    public ContactRole? Role { get; init; }

    /// <example>ann@acme.example</example>
    public string? Email { get; init; }

    /// <example>+886 2 2345 6789</example>
    public string? Phone { get; init; }

    /// <example>Head of purchasing</example>
    public string? Title { get; init; }

    /// <summary>The customer's main contact; making one primary makes the previous one not.</summary>
    public bool? IsPrimary { get; init; }

    public static ContactFields From(Contact contact) => new()
    {
        Name = contact.Name,
        Role = contact.Role,
        Email = contact.Email,
        Phone = contact.Phone,
        Title = contact.Title,
        IsPrimary = contact.IsPrimary,
    };

    /// <summary>Writes validated fields onto the entity, trimmed, blanks as absent.</summary>
    public void ApplyTo(Contact contact)
    {
        contact.Name = Name!.Trim();
        contact.Role = Role!.Value;
        contact.Email = Blank(Email);
        contact.Phone = Blank(Phone);
        contact.Title = Blank(Title);
        contact.IsPrimary = IsPrimary ?? false;
    }

    /// <summary>The JSON names of the fields that differ, for the timeline.</summary>
    public IReadOnlyList<string> ChangedFrom(ContactFields before)
    {
        var changed = new List<string>();
        Add("name", Name?.Trim(), before.Name);
        Add("role", Role?.ToString(), before.Role?.ToString());
        Add("email", Blank(Email), before.Email);
        Add("phone", Blank(Phone), before.Phone);
        Add("title", Blank(Title), before.Title);
        Add("isPrimary", (IsPrimary ?? false).ToString(), (before.IsPrimary ?? false).ToString());
        return changed;

        void Add(string field, string? now, string? was)
        {
            if (!string.Equals(now, was, StringComparison.Ordinal))
            {
                changed.Add(field);
            }
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
