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
        ValidatorOptions.Global.LanguageManager.Enabled = false;
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}
