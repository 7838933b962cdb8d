using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Postgres.Tenant
{
    /// <inheritdoc />
    public partial class MailSurveyAndPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "expires_at",
                table: "mails",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "expiring_points",
                table: "mails",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "link",
                table: "mails",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "expires_at",
                table: "mails");

            migrationBuilder.DropColumn(
                name: "expiring_points",
                table: "mails");

            migrationBuilder.DropColumn(
                name: "link",
                table: "mails");
        }
    }
}
