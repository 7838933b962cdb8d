using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Postgres.Tenant
{
    /// <inheritdoc />
    public partial class ConsentLanguageComplaintCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "consent_email_at",
                table: "customers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "consent_email_source",
                table: "customers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "consent_sms_at",
                table: "customers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "consent_sms_source",
                table: "customers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "open_complaints",
                table: "customers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "preferred_language",
                table: "customers",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "consent_email_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "consent_email_source",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "consent_sms_at",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "consent_sms_source",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "open_complaints",
                table: "customers");

            migrationBuilder.DropColumn(
                name: "preferred_language",
                table: "customers");
        }
    }
}
