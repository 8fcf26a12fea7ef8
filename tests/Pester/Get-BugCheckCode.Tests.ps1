#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Mirrors tests/VirtDiag.Tests/Guest/BugCheckCodeTests.cs for machines with pwsh.

BeforeDiscovery {
    $cases = @(
        @{ Query = '0x50'; Code = 0x50; Name = 'PAGE_FAULT_IN_NONPAGED_AREA' }
        @{ Query = '0x00000050'; Code = 0x50; Name = 'PAGE_FAULT_IN_NONPAGED_AREA' }
        @{ Query = '80'; Code = 0x80; Name = 'NMI_HARDWARE_FAILURE' }
        @{ Query = 'c000021a'; Code = [uint32]3221226010; Name = 'WINLOGON_FATAL_ERROR' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
}

Describe 'Get-BugCheckCode' {
    It 'looks up <Query>' -ForEach $cases {
        $c = Get-BugCheckCode -Code $Query
        $c | Should -BeOfType ([VirtDiag.BugCheckCode])
        $c.Code | Should -Be $Code
        $c.Name | Should -Be $Name
    }

    It 'matches name patterns' {
        (Get-BugCheckCode '*IRQL*').Name | Should -Contain 'IRQL_NOT_LESS_OR_EQUAL'
        (Get-BugCheckCode 'irql').Name | Should -Contain 'DRIVER_IRQL_NOT_LESS_OR_EQUAL'
    }

    It 'lists the whole table without a code' {
        @(Get-BugCheckCode).Count | Should -Be 425
    }

    It 'writes BugCheckCodeNotFound for an unknown code' {
        Get-BugCheckCode 0x12345678 -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'BugCheckCodeNotFound,VirtDiag.PowerShell.Commands.GetBugCheckCodeCommand'
    }
}
