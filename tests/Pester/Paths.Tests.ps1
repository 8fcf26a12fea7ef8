#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# What every reading cmdlet does with the paths and strings an admin gives it (issue 14 items 6 and 8). The cases come
# from the module itself, so cmdlets added later are covered without touching this file.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    # Extra: what a cmdlet needs besides its paths (the export needs a target; none of these tests gets as far as writing).
    $readers = @(Get-Command -Module VirtDiag -CommandType Cmdlet | Where-Object { $_.Parameters.ContainsKey('LiteralPath') } |
            ForEach-Object {
                $extra = if ($_.Name -eq 'Export-VirtDiagRecord') { @{ Destination = (Join-Path ([IO.Path]::GetTempPath()) 'vd-paths-export') } } else { @{} }
                @{ Name = $_.Name; Extra = $extra }
            })
    # Readers whose pipeline strings are log lines (InputObject of type string[]).
    $textReaders = @(Get-Command -Module VirtDiag -CommandType Cmdlet | Where-Object {
            $_.Parameters.ContainsKey('LiteralPath') -and $_.Parameters.ContainsKey('InputObject') -and $_.Parameters['InputObject'].ParameterType -eq [string[]]
        } | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Examples = Join-Path $script:RepoRoot 'examples'
}

Describe '<Name> paths' -ForEach $readers {
    It 'refuses -LiteralPath on another provider with NotFileSystemPath, as -Path does' {
        & $Name -LiteralPath Env:\PATH -ErrorVariable literal -ErrorAction SilentlyContinue @Extra | Out-Null
        & $Name -Path Env:\PATH -ErrorVariable wild -ErrorAction SilentlyContinue @Extra | Out-Null
        $literal[0].FullyQualifiedErrorId | Should -BeLike 'NotFileSystemPath,*'
        $literal[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $wild[0].FullyQualifiedErrorId | Should -BeLike 'NotFileSystemPath,*'
    }

    It 'writes FileNotFound for a missing literal path' {
        & $Name -LiteralPath (Join-Path $TestDrive 'missing.log') -ErrorVariable e -ErrorAction SilentlyContinue @Extra | Out-Null
        $e[0].FullyQualifiedErrorId | Should -BeLike 'FileNotFound,*'
        $e[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e[0].TargetObject | Should -BeLike '*missing.log'
    }

    It 'says which files of a folder it did not read, naming them' {
        $dir = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive "$Name-folder")
        Set-Content -LiteralPath (Join-Path $dir 'notes-from-ticket.txt') -Value 'a note'
        Set-Content -LiteralPath (Join-Path $dir 'screen.png') -Value 'not a log'
        Set-Content -LiteralPath (Join-Path $dir 'hostname') -Value 'esx01'
        $verbose = & $Name -Path $dir -WarningVariable w -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -Verbose @Extra 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $notRead = @($w | Where-Object Message -Like '*NotRead:*')
        $notRead | Should -HaveCount 1
        $notRead[0].Message | Should -BeLike '*NotRead: 2 file(s) not read*notes-from-ticket.txt*screen.png*'
        ($verbose.Message -like '*notes-from-ticket.txt: Skipped:*') | Should -HaveCount 1
        ($verbose.Message -like '*screen.png: Skipped:*') | Should -HaveCount 1
        ($verbose.Message -like '*hostname*') | Should -BeNullOrEmpty -Because 'a bundle hostname file is read for the host name'
    }
}

Describe 'Folders with files under unknown names' {
    It 'Get-PurpleScreen on examples/psod says it did not read the screen, and reads it when named' {
        $folder = @(Get-PurpleScreen -Path (Join-Path $script:Examples 'psod') -WarningVariable w -WarningAction SilentlyContinue)
        $folder | Should -HaveCount 0
        $w[0].Message | Should -BeLike '*1 file(s) not read*esx-c.lab-psod.txt*'
        @(Get-PurpleScreen -Path (Join-Path $script:Examples 'psod/esx-c.lab-psod.txt')) | Should -HaveCount 1
    }

    It 'Get-LogDocument on examples lists the known logs and names the rest' {
        $docs = Get-LogDocument -Path $script:Examples -WarningVariable w -WarningAction SilentlyContinue
        $docs.Name | Should -Contain 'vmkernel.log'
        $docs.Name | Should -Contain 'vdsm.log'
        $w[0].Message | Should -BeLike '*NotRead: 4 file(s) not read*README.md*'
    }
}

Describe '<Name> with a path piped as a string' -ForEach $textReaders {
    It 'warns that the string names a file and is read as a log line' {
        $file = Join-Path $script:Examples 'psod/esx-c.lab-psod.txt'
        $file | & $Name -WarningVariable w -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Out-Null
        $named = @($w | Where-Object Message -Like '*names an existing file*')
        $named | Should -HaveCount 1
        $named[0].Message | Should -BeLike "'$file' names an existing file*-Path*"
    }

    It 'does not warn for log lines' {
        '2026-11-01T12:00:00.000Z cpu1:1001)World: 12: a log line, not a path' | & $Name -HostName h -WarningVariable w -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Out-Null
        $w | Where-Object Message -Like '*names an existing file*' | Should -BeNullOrEmpty
    }
}

Describe 'Relative paths, PSDrives and wildcards' {
    It 'reads a relative path against $PWD and the same file through a PSDrive' {
        Push-Location $script:Examples
        try {
            $relative = @(Get-LogDocument -Path ./psod/esx-c.lab-psod.txt)
            $null = New-PSDrive -Name VdEx -PSProvider FileSystem -Root $script:Examples
            $drive = @(Get-LogDocument -LiteralPath VdEx:\psod\esx-c.lab-psod.txt)
        }
        finally { Pop-Location; Remove-PSDrive -Name VdEx -ErrorAction SilentlyContinue }
        $relative | Should -HaveCount 1
        $relative[0].Path | Should -Be (Join-Path $script:Examples 'psod/esx-c.lab-psod.txt')
        $drive[0].Path | Should -Be $relative[0].Path
    }

    It 'reads a literal path with brackets' {
        $dir = New-Item -ItemType Directory -Force -Path (Join-Path $TestDrive 'case [42]')
        Copy-Item -LiteralPath (Join-Path $script:Examples 'psod/esx-c.lab-psod.txt') -Destination $dir
        @(Get-PurpleScreen -LiteralPath (Join-Path $dir 'esx-c.lab-psod.txt')) | Should -HaveCount 1
    }
}
