using System.Text.Json;
using FluentValidation;

namespace Crm.Saas.Api.Infrastructure.Validation;

internal static class ValidationSetup
{
    public static IServiceCollection AddCrmValidation(this IServiceCollection services)
    {
        // Field names in errors are the JSON names partners send ("consent.email", "tags[0]"), not C# names.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        // Messages name the field as sent too: without this FluentValidation splits the C# name ("First Purchase Bonus").
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.LanguageManager = new FieldNameLanguageManager { Enabled = false };
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}

/// <summary>The English messages with the field name unquoted: "firstPurchaseBonus must not be empty."</summary>
internal sealed class FieldNameLanguageManager : FluentValidation.Resources.LanguageManager
{
    public override string GetString(string key, System.Globalization.CultureInfo? culture = null) =>
        base.GetString(key, culture)?.Replace("'{PropertyName}'", "{PropertyName}", StringComparison.Ordinal)!;
}
