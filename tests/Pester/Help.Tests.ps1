#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The MAML help that `dotnet publish src/VirtDiag.PowerShell` writes from docs/help, checked through Get-Help for
# every exported cmdlet (cmdlets added later are covered without touching this file).

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
    $cmdlets = @(Get-Command -Module VirtDiag -CommandType Cmdlet | ForEach-Object {
            @{ Name = $_.Name; Parameters = @($_.Parameters.Keys | Where-Object { $_ -notin $commonParameters } | Sort-Object) }
        })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Help of <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help $Name -Full
    }

    It 'comes from the shipped MAML file, not generated from the syntax' {
        $help.ModuleName | Should -Be 'VirtDiag'
        # Without MAML, Get-Help makes the synopsis from the syntax line, which starts with the cmdlet name.
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -BeLike "$Name *"
    }

    It 'has a description' {
        ($help.description.Text -join "`n").Length | Should -BeGreaterThan 40
    }

    It 'describes every parameter the cmdlet has, and no other' {
        $documented = @($help.parameters.parameter | ForEach-Object { $_.name } | Sort-Object)
        $documented | Should -Be $Parameters
        foreach ($p in $help.parameters.parameter) {
            ($p.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$($p.name) needs a description"
        }
    }

    It 'has examples with code, shown by Get-Help -Examples' {
        @($help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($e in $help.examples.example) { $e.code | Should -Not -BeNullOrEmpty }
        ($help.examples.example.code -join "`n") | Should -Match ([regex]::Escape($Name))
        $text = Get-Help $Name -Examples | Out-String -Width 120
        $text | Should -Match 'Example 1'
        $firstLine = @($help.examples.example)[0].code.Split("`n")[0]
        $text | Should -Match ([regex]::Escape($firstLine.Substring(0, [Math]::Min(40, $firstLine.Length))))
    }

    It 'names its outputs and the online version' {
        @($help.returnValues.returnValue).Count | Should -BeGreaterThan 0
        @($help.relatedLinks.navigationLink | Where-Object linkText -EQ 'Online Version:').uri | Should -BeLike "https://*$Name.md"
    }
}

Describe 'about_VirtDiag' {
    It 'is found by Get-Help once the module is imported' {
        $text = Get-Help about_VirtDiag | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'Get-VMotionMigration'
        $text | Should -Match 'NotFileSystemPath'
    }
}
